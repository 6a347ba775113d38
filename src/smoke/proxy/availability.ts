/**
 * When Envoy lets a plugin see which data (source/extensions/common/wasm/
 * context.cc): the plugin configuration only inside proxy_on_configure; a
 * stream's headers, body and trailers from the callback that delivers them
 * until that callback returns CONTINUE (or, for a paused request, until the
 * plugin resumes it); the final headers again, read-only, in proxy_on_log.
 *
 * This only applies once the lifecycle brackets its callbacks with
 * beginCallback/endCallback; a host that is never told about callbacks keeps
 * everything available.
 */

export type StreamPart =
  | 'requestHeaders'
  | 'requestBody'
  | 'requestTrailers'
  | 'responseHeaders'
  | 'responseBody'
  | 'responseTrailers';

/** The callback that delivers each part. */
const DELIVERED_BY: Record<string, StreamPart> = {
  proxy_on_request_headers: 'requestHeaders',
  proxy_on_request_body: 'requestBody',
  proxy_on_request_trailers: 'requestTrailers',
  proxy_on_response_headers: 'responseHeaders',
  proxy_on_response_body: 'responseBody',
  proxy_on_response_trailers: 'responseTrailers',
};

const CONFIGURE_CALLBACKS = new Set(['proxy_on_configure', 'proxy_validate_configuration']);
const CONTINUE = 0;

export class Availability {
  private tracking = false;
  private configuring = false;
  private readonly live = new Map<number, Set<StreamPart>>();
  private readonly logging = new Set<number>();

  begin(contextId: number, callback: string): void {
    this.tracking = true;
    if (CONFIGURE_CALLBACKS.has(callback)) this.configuring = true;
    if (callback === 'proxy_on_log') this.logging.add(contextId);
    const part = DELIVERED_BY[callback];
    if (part) this.partsOf(contextId).add(part);
  }

  end(contextId: number, callback: string, result?: number): void {
    if (CONFIGURE_CALLBACKS.has(callback)) this.configuring = false;
    if (callback === 'proxy_on_log') this.logging.delete(contextId);
    const part = DELIVERED_BY[callback];
    // CONTINUE hands the data on; a pause keeps it (a paused body is buffered).
    if (part && result === CONTINUE) this.partsOf(contextId).delete(part);
  }

  /** proxy_continue_stream on HTTP: Envoy drops the request's maps and body (either direction). */
  resumed(contextId: number): void {
    if (!this.tracking) return;
    const parts = this.partsOf(contextId);
    for (const part of ['requestHeaders', 'requestBody', 'requestTrailers'] as const)
      parts.delete(part);
  }

  pluginConfiguration(): boolean {
    return !this.tracking || this.configuring;
  }

  /** Whether the plugin may read this part now (proxy_on_log sees headers, not request trailers). */
  readable(contextId: number, part: StreamPart): boolean {
    if (!this.tracking || this.partsOf(contextId).has(part)) return true;
    return this.logging.has(contextId) && part !== 'requestTrailers' && !part.endsWith('Body');
  }

  /** Whether the plugin may change this part now. */
  writable(contextId: number, part: StreamPart): boolean {
    return !this.tracking || this.partsOf(contextId).has(part);
  }

  private partsOf(contextId: number): Set<StreamPart> {
    let parts = this.live.get(contextId);
    if (!parts) {
      parts = new Set();
      this.live.set(contextId, parts);
    }
    return parts;
  }
}
