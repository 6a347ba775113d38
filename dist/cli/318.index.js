export const id = 318;
export const ids = [318];
export const modules = {

/***/ 1318:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  "default": () => (/* binding */ commands_detect),
  sourceOf: () => (/* binding */ sourceOf)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/common/errors.ts
var errors = __webpack_require__(1922);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./src/repo/event.ts
/**
 * Turns a GitHub event (GITHUB_EVENT_NAME + the payload at GITHUB_EVENT_PATH)
 * into what to compare, the way a careful user would: pull requests diff
 * against the merge base, pushes diff before..after, and events that carry no
 * change (tags, dispatch, schedule) select every plugin.
 */


const ZERO = /^0+$/;
function obj(v) {
    return v && typeof v === 'object' ? v : {};
}
function str(v) {
    return typeof v === 'string' && v !== '' ? v : undefined;
}
/** The change source for one event; `payloadFile` names the payload in errors. */
function changeSourceFromEvent(eventName, payload, payloadFile = 'event payload') {
    const p = obj(payload);
    const need = (value, field) => {
        if (!value)
            throw new errors/* InputError */.dz(`${payloadFile}: ${eventName} event without ${field}`);
        return value;
    };
    switch (eventName) {
        case 'pull_request':
        case 'pull_request_target': {
            const pr = obj(p.pull_request);
            const base = obj(pr.base);
            const head = obj(pr.head);
            return {
                kind: 'diff',
                reason: `pull request #${String(p.number ?? pr.number ?? '?')}`,
                base: need(str(base.sha), 'pull_request.base.sha'),
                head: need(str(head.sha), 'pull_request.head.sha'),
                threeDot: true,
                baseBranch: str(base.ref),
            };
        }
        case 'merge_group': {
            const mg = obj(p.merge_group);
            return {
                kind: 'diff',
                reason: 'merge group',
                base: need(str(mg.base_sha), 'merge_group.base_sha'),
                head: need(str(mg.head_sha), 'merge_group.head_sha'),
                threeDot: true,
            };
        }
        case 'push': {
            const ref = need(str(p.ref), 'ref');
            if (ref.startsWith('refs/tags/'))
                return { kind: 'all', reason: `tag push ${ref}`, releaseRef: ref };
            const after = need(str(p.after), 'after');
            if (p.deleted === true || ZERO.test(after))
                return { kind: 'none', reason: `branch ${ref} deleted` };
            const before = str(p.before);
            const branch = ref.replace(/^refs\/heads\//, '');
            if (!before || ZERO.test(before)) {
                // A new branch: compare with the default branch it came from, if it is another one.
                const defaultBranch = str(obj(p.repository).default_branch);
                if (!defaultBranch || defaultBranch === branch) {
                    return { kind: 'all', reason: `first push to ${branch}` };
                }
                return {
                    kind: 'diff',
                    reason: `new branch ${branch} (against ${defaultBranch})`,
                    base: `refs/remotes/origin/${defaultBranch}`,
                    head: after,
                    threeDot: true,
                    baseBranch: defaultBranch,
                };
            }
            return {
                kind: 'diff',
                reason: `push to ${branch}`,
                base: before,
                head: after,
                threeDot: false,
            };
        }
        default: {
            // workflow_dispatch, schedule, release, repository_dispatch...: no diff to speak of.
            const ref = str(p.ref) ?? str(obj(p.release).tag_name);
            const releaseRef = ref && !ref.startsWith('refs/heads/')
                ? ref.startsWith('refs/')
                    ? ref
                    : `refs/tags/${ref}`
                : undefined;
            return {
                kind: 'all',
                reason: `${eventName} event`,
                ...(releaseRef?.startsWith('refs/tags/') ? { releaseRef } : {}),
            };
        }
    }
}
/** Reads GITHUB_EVENT_NAME and the payload file from an environment. */
function changeSourceFromEnv(env) {
    const name = env.GITHUB_EVENT_NAME;
    if (!name)
        return undefined;
    const file = env.GITHUB_EVENT_PATH;
    let payload = {};
    if (file) {
        try {
            payload = JSON.parse((0,external_node_fs_.readFileSync)(file, 'utf8'));
        }
        catch (err) {
            throw new errors/* InputError */.dz(`GITHUB_EVENT_PATH ${file}: cannot read the event payload: ${err.message}`);
        }
    }
    return changeSourceFromEvent(name, payload, file ?? 'event payload');
}

// EXTERNAL MODULE: ./src/repo/stage.ts + 4 modules
var stage = __webpack_require__(2183);
// EXTERNAL MODULE: ./src/cli/io.ts
var cli_io = __webpack_require__(1604);
;// CONCATENATED MODULE: ./src/cli/commands/detect.ts





const HELP = `usage: wasm-plugin-ci detect [--repo DIR] [--plugins GLOB]... [--exclude GLOB]...
                             [--base REF] [--head REF] [--all] [--builder go|tinygo] [--json]

Lists the plugins a change touches. The change is --base...--head (merge
base, like a pull request), or the GitHub event in GITHUB_EVENT_NAME and
GITHUB_EVENT_PATH, or everything with --all or when neither is given.
`;
/** Which change to look at: flags first, then the GitHub event, else everything. */
function sourceOf(values, env) {
    if (values.all)
        return { kind: 'all', reason: '--all' };
    if (values.head && !values.base)
        throw new errors/* InputError */.dz('detect: --head needs --base');
    if (values.base) {
        const head = values.head ?? 'HEAD';
        return {
            kind: 'diff',
            reason: `${values.base}...${head}`,
            base: values.base,
            head,
            threeDot: true,
            explicit: true,
        };
    }
    return (changeSourceFromEnv(env) ?? {
        kind: 'all',
        reason: 'no --base and no GitHub event: all plugins',
    });
}
const detect = async (args, io) => {
    const { values } = (0,cli_io/* parseCommandArgs */.Q)('detect', args, {
        repo: { type: 'string' },
        plugins: { type: 'string', multiple: true },
        exclude: { type: 'string', multiple: true },
        base: { type: 'string' },
        head: { type: 'string' },
        all: { type: 'boolean' },
        builder: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
        io.stderr(HELP);
        return 0;
    }
    if (values.builder !== undefined && values.builder !== 'go' && values.builder !== 'tinygo') {
        throw new errors/* InputError */.dz(`detect: --builder must be 'go' or 'tinygo', not '${values.builder}'`);
    }
    const repo = (0,external_node_path_.resolve)(io.cwd, values.repo ?? '.');
    const result = await (0,stage/* runDetect */.N)(repo, {
        plugins: values.plugins,
        exclude: values.exclude,
        builder: values.builder,
        source: sourceOf(values, io.env),
    }, io.log);
    io.log.info(`${result.reason}: ${result.selected.length} of ${result.discovered.length} plugin(s) selected`);
    if (values.json) {
        (0,cli_io/* printJson */.x)(io, {
            plugins: result.selected.map(stage/* pluginSummary */.e),
            matrix: result.matrix,
            anyChanged: result.anyChanged,
            reason: result.reason,
            ...(result.files ? { files: result.files } : {}),
        });
    }
    else {
        for (const p of result.selected)
            io.stdout(`${p.name}\t${p.relDir}\n`);
    }
    return 0;
};
/* harmony default export */ const commands_detect = (detect);


/***/ }),

/***/ 7145:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  $o: () => (/* binding */ computeTags),
  XF: () => (/* binding */ keepLatestMonotonic),
  GJ: () => (/* reexport */ parseReleaseRef),
  $X: () => (/* binding */ renderImageName)
});

// UNUSED EXPORTS: DEFAULT_TAGS_TEMPLATE, isPrerelease, sanitizeTag

// EXTERNAL MODULE: ./node_modules/semver/index.js
var semver = __webpack_require__(2088);
var semver_default = /*#__PURE__*/__webpack_require__.n(semver);
// EXTERNAL MODULE: ./src/common/errors.ts
var errors = __webpack_require__(1922);
;// CONCATENATED MODULE: ./src/oci/release-ref.ts
/**
 * Release references (git tags) that say "publish plugin X at version Y".
 * Higress split its tags on the letter `v`, which broke plugin names that
 * contain a `v`; here the plugin part is matched against the known names,
 * longest first, so `nginx-v2-compat-v1.2.3` finds `nginx-v2-compat`.
 */

const HIGRESS_PREFIX = 'wasm-go-';
/** `vX.Y.Z[-pre][+build]` to `X.Y.Z[-pre][+build]`, or null when not a strict semver. */
function versionOf(text) {
    if (!text.startsWith('v'))
        return null;
    const v = text.slice(1);
    return semver_default().valid(v) === v ? v : null;
}
/**
 * Parses a git ref (`refs/tags/...` or a bare tag name) as a release ref:
 * `vX.Y.Z`, `<plugin>-vX.Y.Z`, `<plugin>/vX.Y.Z` or `wasm-go-<plugin>-vX.Y.Z`.
 * Returns null when the ref is not a release of a known plugin.
 */
function parseReleaseRef(ref, pluginNames) {
    const tag = ref.replace(/^refs\/tags\//, '');
    const bare = versionOf(tag);
    if (bare)
        return { version: bare };
    // Longest names first, so a name that is a prefix of another never wins.
    const names = [...new Set(pluginNames)].sort((a, b) => b.length - a.length);
    const candidates = tag.startsWith(HIGRESS_PREFIX)
        ? [tag, tag.slice(HIGRESS_PREFIX.length)]
        : [tag];
    for (const candidate of candidates) {
        for (const name of names) {
            for (const sep of ['-', '/']) {
                const prefix = `${name}${sep}`;
                if (!candidate.startsWith(prefix))
                    continue;
                const version = versionOf(candidate.slice(prefix.length));
                if (version)
                    return { plugin: name, version };
            }
        }
    }
    return null;
}
/** True for versions with a prerelease part (`1.0.0-alpha`): no aliases for those. */
function isPrerelease(version) {
    return (semver_default().prerelease(version)?.length ?? 0) > 0;
}

// EXTERNAL MODULE: ./src/oci/reference.ts
var reference = __webpack_require__(2148);
;// CONCATENATED MODULE: ./src/oci/tags.ts
/**
 * Which tags a publish pushes. Release refs are parsed in release-ref.ts
 * (re-exported here: the detect stage imports parseReleaseRef from this
 * module). Tags come from a template in the spirit of docker/metadata-action,
 * one rule a line (docs/publish.md):
 *
 *   type=semver,pattern={{version}}          1.2.3   (releases)
 *   type=semver,pattern={{major}}.{{minor}}  1.2     (releases, never prereleases)
 *   type=semver,pattern={{major}}            1       (releases, never prereleases)
 *   type=raw,value=latest,event=release      latest  (never prereleases, never backwards)
 *   type=sha,prefix=sha-                     sha-0123abc (branch builds)
 *   type=ref,event=branch                    main    (branch builds)
 *   type=ref,event=pr                        pr-12   (pull requests, only when asked)
 *
 * Every rule takes `prefix=` and `suffix=`; `{{plugin}}` expands anywhere.
 */





const DEFAULT_TAGS_TEMPLATE = [
    'type=semver,pattern={{version}}',
    'type=semver,pattern={{major}}.{{minor}}',
    'type=semver,pattern={{major}}',
    'type=raw,value=latest,event=release',
    'type=sha,prefix=sha-',
    'type=ref,event=branch',
    'type=ref,event=pr',
].join('\n');
function parseRules(template) {
    return template
        .split(/\n/)
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('#'))
        .map((line) => {
        const attrs = {};
        for (const part of line.split(',')) {
            const eq = part.indexOf('=');
            if (eq <= 0)
                throw new errors/* InputError */.dz(`tags template: '${part}' in '${line}' is not key=value`);
            attrs[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
        }
        if (!['semver', 'raw', 'sha', 'ref'].includes(attrs.type ?? '')) {
            throw new errors/* InputError */.dz(`tags template: unknown type '${attrs.type ?? ''}' in '${line}' (semver, raw, sha or ref)`);
        }
        return { line, attrs };
    });
}
/** A branch name as a tag: invalid characters become '-', at most 128 characters. */
function sanitizeTag(value) {
    const s = value
        .replace(/^refs\/heads\//, '')
        .replace(/[^A-Za-z0-9_.-]/g, '-')
        .replace(/^[.-]+/, '');
    return s.slice(0, 128);
}
function eventMatches(want, event) {
    if (!want || want === 'always')
        return true;
    return (want === 'pr' ? 'pull_request' : want) === event;
}
/** The tags for one plugin in this build, in template order, without duplicates. */
function computeTags(ctx, template = DEFAULT_TAGS_TEMPLATE) {
    if (ctx.event === 'pull_request' && !ctx.pushPullRequests)
        return [];
    const parsed = ctx.version ? semver_default().parse(ctx.version) : null;
    if (ctx.version && !parsed)
        throw new errors/* InputError */.dz(`version '${ctx.version}' of ${ctx.plugin} is not semver (X.Y.Z)`);
    const pre = ctx.version ? isPrerelease(ctx.version) : false;
    const out = [];
    for (const { line, attrs } of parseRules(template)) {
        let value;
        switch (attrs.type) {
            case 'semver': {
                if (ctx.event !== 'release' || !parsed)
                    break;
                const pattern = attrs.pattern ?? '{{version}}';
                // metadata-action's rule: partial versions only for stable releases
                if (pre && pattern !== '{{version}}')
                    break;
                value = pattern
                    .replaceAll('{{version}}', parsed.version)
                    .replaceAll('{{major}}', String(parsed.major))
                    .replaceAll('{{minor}}', String(parsed.minor))
                    .replaceAll('{{patch}}', String(parsed.patch));
                break;
            }
            case 'raw':
                if (!eventMatches(attrs.event, ctx.event))
                    break;
                if (attrs.value === 'latest' && (pre || ctx.event !== 'release'))
                    break;
                value = attrs.value;
                break;
            case 'sha':
                if (ctx.event === 'release' || !ctx.sha)
                    break;
                value = `${attrs.prefix ?? 'sha-'}${ctx.sha.slice(0, Number(attrs.length ?? 7))}`;
                attrs.prefix = '';
                break;
            case 'ref':
                if (attrs.event === 'branch' && ctx.event === 'branch' && ctx.branch)
                    value = sanitizeTag(ctx.branch);
                if (attrs.event === 'pr' && ctx.event === 'pull_request' && ctx.prNumber !== undefined)
                    value = `pr-${ctx.prNumber}`;
                break;
        }
        if (value === undefined || value === '')
            continue;
        const tag = `${attrs.prefix ?? ''}${value}${attrs.suffix ?? ''}`.replaceAll('{{plugin}}', ctx.plugin);
        if (!(0,reference/* isValidTag */.r_)(tag))
            throw new errors/* InputError */.dz(`tags template: '${line}' gives '${tag}', which is not a valid tag`);
        if (!out.includes(tag))
            out.push(tag);
    }
    return out;
}
/**
 * Drops `latest` when the registry already holds a higher stable release:
 * re-running an old release must not move `latest` backwards.
 */
function keepLatestMonotonic(tags, version, existingTags) {
    const highest = existingTags
        .map((t) => semver_default().valid(t.replace(/^v/, '')))
        .filter((v) => !!v && !isPrerelease(v))
        .sort((semver_default()).rcompare)[0];
    if (!highest || !semver_default().valid(version) || semver_default().gte(version, highest))
        return tags;
    return tags.filter((t) => t !== 'latest');
}
/** `ghcr.io/acme/{{plugin}}` -> `ghcr.io/acme/key-auth`, checked as an image name. */
function renderImageName(template, plugin) {
    const name = template.replaceAll('{{plugin}}', plugin).replace(/\/+$/, '');
    (0,reference/* parseImageRef */.Q)(`${name}:x`); // throws InputError naming the value when invalid
    return name;
}


/***/ }),

/***/ 2183:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  e: () => (/* binding */ pluginSummary),
  N: () => (/* binding */ runDetect)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/common/errors.ts
var errors = __webpack_require__(1922);
// EXTERNAL MODULE: ./src/oci/tags.ts + 1 modules
var tags = __webpack_require__(7145);
// EXTERNAL MODULE: ./src/build/pool.ts
var pool = __webpack_require__(7884);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: ./src/repo/discover.ts + 4 modules
var discover = __webpack_require__(6802);
// EXTERNAL MODULE: ./src/repo/gomod.ts
var gomod = __webpack_require__(8870);
;// CONCATENATED MODULE: ./src/repo/deps.ts
/**
 * What inside the repository a plugin's build depends on: the directories
 * of the packages it imports (from `go list -deps`, for the wasm target) and
 * the go.mod / go.sum / go.work files that govern them.
 */






const run = (0,external_node_util_.promisify)(external_node_child_process_.execFile);
function inside(repoDir, abs) {
    const rel = (0,discover/* toPosix */.d7)((0,external_node_path_.relative)(repoDir, abs));
    return rel.startsWith('..') || rel.startsWith('/') ? undefined : rel;
}
/** The go.work that governs `dir`, searched upwards within the repository. */
function governingGoWork(repoDir, dir) {
    for (let d = dir;; d = (0,external_node_path_.dirname)(d)) {
        const f = (0,external_node_path_.join)(d, 'go.work');
        if ((0,external_node_fs_.existsSync)(f))
            return f;
        if (inside(repoDir, (0,external_node_path_.dirname)(d)) === undefined || (0,external_node_path_.dirname)(d) === d)
            return undefined;
    }
}
function moduleFiles(repoDir, goMod, into) {
    const rel = inside(repoDir, goMod);
    if (rel === undefined)
        return;
    into.add(rel);
    into.add(rel.replace(/go\.mod$/, 'go.sum'));
}
/**
 * True when the plugin can only depend on files inside its own directory:
 * its module is rooted there, replaces nothing with a local directory and no
 * go.work governs it. Then `go list` has nothing to add.
 */
function selfContained(repoDir, plugin) {
    const goMod = (0,external_node_path_.join)(plugin.dir, 'go.mod');
    if (!(0,external_node_fs_.existsSync)(goMod))
        return false;
    if (governingGoWork(repoDir, plugin.dir))
        return false;
    return (0,gomod/* parseGoMod */.k)((0,external_node_fs_.readFileSync)(goMod, 'utf8'), goMod).localReplace.size === 0;
}
/** The plugin's in-repository dependencies, via `go list -deps` for GOOS=wasip1 GOARCH=wasm. */
async function pluginDeps(repoDir, plugin) {
    const deps = { packageDirs: new Set(), files: new Set() };
    const goMod = (0,discover/* governingGoMod */._)(repoDir, plugin.dir);
    if (goMod)
        moduleFiles(repoDir, goMod, deps.files);
    const work = governingGoWork(repoDir, plugin.dir);
    if (work) {
        const rel = inside(repoDir, work);
        if (rel)
            deps.files.add(rel).add(`${rel}.sum`);
    }
    if (plugin.settings.file)
        deps.files.add(plugin.settings.file);
    if (selfContained(repoDir, plugin))
        return deps;
    const tags = plugin.settings.extraTags.length
        ? [`-tags=${plugin.settings.extraTags.join(',')}`]
        : [];
    const { stdout } = await run('go', [
        'list',
        '-e',
        '-deps',
        ...tags,
        '-f',
        '{{if not .Standard}}{{.Dir}}\t{{with .Module}}{{.GoMod}}{{end}}{{end}}',
        '.',
    ], {
        cwd: plugin.dir,
        env: { ...process.env, GOOS: 'wasip1', GOARCH: 'wasm', GOFLAGS: '-mod=readonly' },
        maxBuffer: 64 << 20,
    });
    // go reports real paths; the repository may sit behind a symlink (tmpdirs).
    const realRepo = (0,external_node_fs_.realpathSync)(repoDir);
    for (const line of stdout.split('\n')) {
        const [dir, mod] = line.split('\t');
        if (!dir)
            continue;
        const rel = inside(realRepo, dir);
        if (rel === undefined)
            continue; // the module cache, another checkout
        deps.packageDirs.add(rel);
        if (mod)
            moduleFiles(realRepo, mod, deps.files);
    }
    return deps;
}

;// CONCATENATED MODULE: ./src/repo/git.ts
/**
 * The few git operations change detection needs, each a plain git command
 * (no shell). Fetches go to `origin` and never fetch tags.
 */


const git_run = (0,external_node_util_.promisify)(external_node_child_process_.execFile);
class Git {
    dir;
    remote;
    constructor(dir, remote = 'origin') {
        this.dir = dir;
        this.remote = remote;
    }
    async exec(args) {
        const { stdout } = await git_run('git', args, {
            cwd: this.dir,
            env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
            maxBuffer: 256 << 20,
        });
        return stdout;
    }
    async tryExec(args) {
        try {
            return await this.exec(args);
        }
        catch {
            return undefined;
        }
    }
    /** The commit a ref or sha names, when this clone has it. */
    async resolve(ref) {
        const out = await this.tryExec(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
        return out?.trim() || undefined;
    }
    async isShallow() {
        return (await this.exec(['rev-parse', '--is-shallow-repository'])).trim() === 'true';
    }
    async hasRemote() {
        return (await this.tryExec(['remote', 'get-url', this.remote])) !== undefined;
    }
    /** Fetches commits or refs from the remote; false when the remote does not have them. */
    async fetch(refspecs, extra = []) {
        if (!(await this.hasRemote()))
            return false;
        const shallow = await this.isShallow();
        const depth = shallow && !extra.some((e) => e.startsWith('--deepen') || e === '--unshallow')
            ? ['--depth=1']
            : [];
        return ((await this.tryExec([
            'fetch',
            '--no-tags',
            '--quiet',
            '--no-write-fetch-head',
            ...depth,
            ...extra,
            this.remote,
            ...refspecs,
        ])) !== undefined);
    }
    async mergeBase(a, b) {
        const out = await this.tryExec(['merge-base', a, b]);
        return out?.trim() || undefined;
    }
    /**
     * Paths that differ between two commits, deletions and additions alike
     * (renames count as both: the old path changed and the new one appeared).
     */
    async changedFiles(base, head) {
        const out = await this.exec([
            '-c',
            'core.quotePath=false',
            'diff',
            '--name-only',
            '--no-renames',
            '--no-ext-diff',
            '--no-textconv',
            '-z',
            base,
            head,
            '--',
        ]);
        return out.split('\0').filter(Boolean);
    }
}

;// CONCATENATED MODULE: ./src/repo/changes.ts
/**
 * Which plugins a change touches. The commits to compare come from the
 * event (see event.ts); commits a shallow clone lacks are fetched, and the
 * history deepened until the merge base appears. When the comparison cannot
 * be made (a force push whose `before` is gone, unrelated histories) every
 * plugin is selected, with a warning: building too much beats missing one.
 */








const DEEPEN_STEPS = [20, 200, 2000];
const GO_MODULE_FILES = new Set(['go.mod', 'go.sum', 'go.work', 'go.work.sum']);
function under(file, relDir) {
    return relDir === '' || file.startsWith(`${relDir}/`);
}
/** Commit of `ref`, fetching it (or the branch) into the clone when missing. */
async function ensureCommit(git, ref, branch) {
    const have = await git.resolve(ref);
    if (have)
        return have;
    if (branch) {
        await git.fetch([`+refs/heads/${branch}:refs/remotes/origin/${branch}`]);
        const fetched = await git.resolve(ref);
        if (fetched)
            return fetched;
    }
    if (/^[0-9a-f]{40,64}$/.test(ref)) {
        await git.fetch([ref]);
        return git.resolve(ref);
    }
    return undefined;
}
/** The merge base, deepening a shallow clone step by step until it appears. */
async function findMergeBase(git, base, head, log) {
    let mb = await git.mergeBase(base, head);
    for (const step of [...DEEPEN_STEPS, 0]) {
        if (mb || !(await git.isShallow()))
            return mb;
        log.debug(step
            ? `deepening the clone by ${step} commits to find the merge base`
            : 'unshallowing the clone');
        await git.fetch([base, head], [step ? `--deepen=${step}` : '--unshallow']);
        mb = await git.mergeBase(base, head);
    }
    return mb;
}
async function changedFiles(repoDir, source, log) {
    const git = new Git(repoDir);
    const head = await ensureCommit(git, source.head);
    if (!head)
        return { why: `head commit ${source.head} is not found here or on origin` };
    const base = await ensureCommit(git, source.base, source.baseBranch);
    if (!base) {
        const hint = source.explicit ? 'not found here or on origin' : 'gone (a force push?)';
        return { why: `base commit ${source.base} is ${hint}` };
    }
    let from = base;
    if (source.threeDot) {
        const mb = await findMergeBase(git, base, head, log);
        if (!mb)
            return { why: `${source.base} and ${source.head} share no history` };
        from = mb;
    }
    return { files: await git.changedFiles(from, head), base: from, head };
}
/** Whether a changed file outside a plugin can matter to a Go build at all. */
function goRelevant(repoDir, file, dirCache) {
    const name = (0,external_node_path_.basename)(file);
    if (GO_MODULE_FILES.has(name) || /\.(go|s|c|h)$/.test(name))
        return true;
    const dir = external_node_path_.posix.dirname(file);
    let has = dirCache.get(dir);
    if (has === undefined) {
        const abs = (0,external_node_path_.join)(repoDir, dir);
        has = (0,external_node_fs_.existsSync)(abs) && (0,external_node_fs_.readdirSync)(abs).some((n) => n.endsWith('.go'));
        dirCache.set(dir, has);
    }
    return has;
}
/** Plugins that the changed files touch, directly or through what they import. */
async function selectByFiles(repoDir, plugins, files, log, options = {}) {
    const selected = new Set(plugins.filter((p) => files.some((f) => under(f, p.relDir))));
    const dirCache = new Map();
    const rest = plugins.filter((p) => !selected.has(p));
    const candidates = rest.length ? files.filter((f) => goRelevant(repoDir, f, dirCache)) : [];
    if (candidates.length > 0) {
        // Only plugins that can reach outside their directory need `go list`.
        const open = rest.filter((p) => !selfContained(repoDir, p));
        const jobs = options.jobs ?? (0,external_node_os_.availableParallelism)();
        const deps = await (0,pool/* mapLimit */.s)(open, jobs, (p) => pluginDeps(repoDir, p));
        deps.forEach((d, i) => {
            const p = open[i];
            if (d.status === 'rejected') {
                log.warn(`go list failed for ${p.relDir}; selecting it to be safe: ${d.reason.message}`);
                selected.add(p);
                return;
            }
            const hit = candidates.find((f) => d.value.files.has(f) || d.value.packageDirs.has(external_node_path_.posix.dirname(f)));
            if (hit) {
                log.debug(`${p.name}: selected through ${hit}`);
                selected.add(p);
            }
        });
    }
    return plugins.filter((p) => selected.has(p));
}
/** The plugins a release tag selects: the one it names, or all with the tag's version. */
function releaseSelection(plugins, ref) {
    const release = (0,tags/* parseReleaseRef */.GJ)(ref, plugins.map((p) => p.name));
    if (!release)
        return undefined;
    if (release.plugin)
        return plugins
            .filter((p) => p.name === release.plugin)
            .map((p) => ({ ...p, version: release.version }));
    return plugins.map((p) => ({ ...p, version: release.version }));
}
/** The plugins to build for `source`, with the reason, for logs and outputs. */
async function explainChanges(repoDir, plugins, source, log, options = {}) {
    if (source.kind === 'none')
        return { plugins: [], reason: source.reason };
    if (source.kind === 'all') {
        if (source.releaseRef) {
            const chosen = releaseSelection(plugins, source.releaseRef);
            if (chosen)
                return { plugins: chosen, reason: `${source.reason} (release ${source.releaseRef})` };
            log.info(`${source.releaseRef} is not a release tag of a known plugin; selecting all plugins`);
        }
        return { plugins, reason: source.reason };
    }
    const range = await changedFiles(repoDir, source, log);
    if ('why' in range && source.explicit)
        throw new errors/* InputError */.dz(`cannot compare: ${range.why}`);
    if ('why' in range) {
        log.warn(`cannot compare the change (${range.why}); selecting all plugins`);
        return { plugins, reason: `${source.reason}: ${range.why}, all plugins` };
    }
    const chosen = await selectByFiles(repoDir, plugins, range.files, log, options);
    return {
        plugins: chosen,
        reason: source.reason,
        files: range.files,
        base: range.base,
        head: range.head,
    };
}
/** `explainChanges` without the explanation. */
async function detectChanges(repoDir, plugins, source, log, options = {}) {
    return (await explainChanges(repoDir, plugins, source, log, options)).plugins;
}

;// CONCATENATED MODULE: ./src/repo/matrix.ts
/**
 * The `matrix` output: one job per plugin through `fromJSON(...)`. GitHub
 * runs at most 256 jobs per matrix, so more is an error that says what to do
 * rather than a matrix that fails later with a vaguer message.
 */

const MAX_MATRIX_JOBS = 256;
function toMatrix(plugins) {
    if (plugins.length > MAX_MATRIX_JOBS) {
        throw new errors/* InputError */.dz(`${plugins.length} plugins selected, but a GitHub matrix runs at most ${MAX_MATRIX_JOBS} jobs; ` +
            'split them with the plugins/exclude inputs across several detect steps');
    }
    return { include: plugins.map((p) => ({ plugin: p.name, dir: p.relDir })) };
}

;// CONCATENATED MODULE: ./src/repo/stage.ts



/** `discovered`: plugins the caller already found with the same options (not found again). */
async function runDetect(repoDir, options, log, discovered) {
    discovered ??= await (0,discover/* discoverPlugins */.KP)(repoDir, options, log);
    const result = await explainChanges(repoDir, discovered, options.source, log, options);
    return {
        discovered,
        selected: result.plugins,
        matrix: toMatrix(result.plugins),
        anyChanged: result.plugins.length > 0,
        reason: result.reason,
        ...(result.files ? { files: result.files } : {}),
    };
}
/** The JSON shape of one plugin in outputs: what a later job needs, no absolute paths. */
function pluginSummary(p) {
    return {
        name: p.name,
        dir: p.relDir,
        module: p.module,
        builder: p.builder,
        ...(p.version ? { version: p.version } : {}),
        ...(p.settings.extraTags.length ? { extraTags: p.settings.extraTags } : {}),
        ...(p.settings.smokeConfig ? { smokeConfig: p.settings.smokeConfig } : {}),
        ...(p.settings.smokeHost ? { smokeHost: p.settings.smokeHost } : {}),
    };
}


/***/ })

};
