/**
 * Which tags a publish pushes: the release ref parser (re-exported here, the
 * detect stage imports it from this module) and the tag computation.
 */
export { parseReleaseRef, isPrerelease, type ReleaseRef } from './release-ref.js';
