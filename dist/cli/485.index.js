export const id = 485;
export const ids = [485];
export const modules = {

/***/ 8485:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   credentialsFrom: () => (/* reexport safe */ _oci_env_credentials_js__WEBPACK_IMPORTED_MODULE_3__.T),
/* harmony export */   "default": () => (__WEBPACK_DEFAULT_EXPORT__)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _common_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1922);
/* harmony import */ var _oci_env_credentials_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5185);
/* harmony import */ var _oci_layouts_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(166);
/* harmony import */ var _oci_publish_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8482);
/* harmony import */ var _oci_reference_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(2148);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(1604);
/**
 * `wasm-plugin-ci push PLUGIN_DIR|FILE.wasm --ref REGISTRY/REPO:TAG[,TAG...]
 *  [--layout higress|compat|oci] [--oci-layout DIR[:TAG,...]] [--json]`
 * Credentials come from WPCI_REGISTRY_USERNAME / WPCI_REGISTRY_PASSWORD (or
 * the password on stdin) or docker's config.json, never from the command line.
 */








const HELP = `usage: wasm-plugin-ci push PLUGIN_DIR|FILE.wasm --ref REGISTRY/REPO:TAG[,TAG...]
                          [--layout higress|compat|oci] [--oci-layout DIR[:TAG,...]]
                          [--image-spec auto|1.1|1.0] [--insecure] [--password-stdin]
                          [--mount-from REPO] [--version V] [--source URL] [--revision SHA]
                          [--created RFC3339] [--json]
Credentials: WPCI_REGISTRY_USERNAME with WPCI_REGISTRY_PASSWORD (or --password-stdin),
else docker's config.json. Never on the command line.
`;
/** The module and the directory its docs (README, spec.yaml, icon.png) live in. */
function locate(target, cwd) {
    const path = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(cwd, target);
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(path))
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(`push: '${target}' does not exist`);
    if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(path).isDirectory()) {
        const wasm = ['plugin.wasm', 'main.wasm'].map((f) => (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(path, f)).find(node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync);
        if (!wasm)
            throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(`push: no plugin.wasm in '${target}' (build it first, or pass FILE.wasm)`);
        return { wasm, dir: path, name: (0,node_path__WEBPACK_IMPORTED_MODULE_1__.basename)(path) };
    }
    if (!path.endsWith('.wasm'))
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(`push: '${target}' is neither a plugin directory nor a .wasm file`);
    const dir = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(path);
    const file = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.basename)(path, '.wasm');
    return { wasm: path, dir, name: file === 'plugin' || file === 'main' ? (0,node_path__WEBPACK_IMPORTED_MODULE_1__.basename)(dir) : file };
}
// Kept here too: the run command imports it from this module.

/** A repository on the same registry to cross-mount blobs from. */
function mountFrom(value) {
    if (value === undefined)
        return undefined;
    if (!/^[a-z0-9]+(?:[._/-][a-z0-9]+|__[a-z0-9]+)*$/.test(value)) {
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(`push: --mount-from '${value}' is not a repository name`);
    }
    return value;
}
const push = async (args, io) => {
    const { values, positionals } = (0,_io_js__WEBPACK_IMPORTED_MODULE_7__/* .parseCommandArgs */ .Q)('push', args, {
        ref: { type: 'string' },
        layout: { type: 'string', default: 'higress' },
        'oci-layout': { type: 'string' },
        'image-spec': { type: 'string', default: 'auto' },
        insecure: { type: 'boolean', default: false },
        'password-stdin': { type: 'boolean', default: false },
        'mount-from': { type: 'string' },
        version: { type: 'string' },
        source: { type: 'string' },
        revision: { type: 'string' },
        created: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
    }, true);
    if (values.help) {
        io.stderr(HELP);
        return 0;
    }
    if (positionals.length !== 1)
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(`push: expected one PLUGIN_DIR or FILE.wasm\n${HELP}`);
    const layout = (0,_oci_layouts_js__WEBPACK_IMPORTED_MODULE_4__/* .parseLayout */ .U8)(values.layout);
    const imageSpec = values['image-spec'];
    if (!['auto', '1.1', '1.0'].includes(imageSpec))
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(`push: --image-spec '${imageSpec}' is not auto, 1.1 or 1.0`);
    if (!values.ref && !values['oci-layout'])
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('push: give --ref REGISTRY/REPO:TAG or --oci-layout DIR:TAG');
    if (values.created && Number.isNaN(Date.parse(values.created)))
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(`push: --created '${values.created}' is not a date`);
    const found = locate(positionals[0], io.cwd);
    const versionFile = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(found.dir, 'VERSION');
    const version = values.version ??
        ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(versionFile) ? (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(versionFile, 'utf8').trim() : undefined);
    const ref = values.ref ? (0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_6__/* .parseImageRef */ .Q)(values.ref, { multipleTags: true }) : undefined;
    if (ref && !ref.tags.length)
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(`push: --ref '${values.ref}' needs at least one tag`);
    const common = {
        plugin: found.name,
        wasm: found.wasm,
        pluginDir: found.dir,
        layout,
        version,
        imageSpec: imageSpec,
        metadata: {
            version,
            source: values.source,
            revision: values.revision,
            created: values.created,
            title: found.name,
        },
    };
    const results = [];
    if (ref) {
        results.push(await (0,_oci_publish_js__WEBPACK_IMPORTED_MODULE_5__/* .publishPlugin */ .r)({
            ...common,
            tags: ref.tags,
            target: {
                kind: 'registry',
                registry: ref.registry,
                repository: ref.repository,
                credentials: await (0,_oci_env_credentials_js__WEBPACK_IMPORTED_MODULE_3__/* .credentialsFor */ .O)(io.env, values['password-stdin']),
                insecure: values.insecure,
                mountFrom: mountFrom(values['mount-from']),
                env: io.env,
            },
        }, io.log));
    }
    if (values['oci-layout']) {
        const spec = values['oci-layout'];
        const colon = spec.lastIndexOf(':');
        const dir = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(io.cwd, colon > 0 ? spec.slice(0, colon) : spec);
        const tags = colon > 0 ? spec.slice(colon + 1).split(',') : (ref?.tags ?? []);
        if (!tags.length)
            throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(`push: --oci-layout '${spec}' needs tags: DIR:TAG[,TAG...]`);
        for (const t of tags)
            if (!(0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_6__/* .isValidTag */ .r_)(t))
                throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(`push: '${t}' is not a valid tag`);
        results.push(await (0,_oci_publish_js__WEBPACK_IMPORTED_MODULE_5__/* .publishPlugin */ .r)({ ...common, tags, target: { kind: 'layout', dir } }, io.log));
    }
    if (values.json)
        (0,_io_js__WEBPACK_IMPORTED_MODULE_7__/* .printJson */ .x)(io, results.length === 1 ? results[0] : results);
    return 0;
};
/* harmony default export */ const __WEBPACK_DEFAULT_EXPORT__ = (push);


/***/ }),

/***/ 166:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Gb: () => (/* binding */ encodeManifest),
/* harmony export */   LR: () => (/* binding */ buildArtifact),
/* harmony export */   OR: () => (/* binding */ blobsOf),
/* harmony export */   U8: () => (/* binding */ parseLayout)
/* harmony export */ });
/* unused harmony exports LAYOUTS, blobOf, higressDocLayers */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _common_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1922);
/* harmony import */ var _digest_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8825);
/* harmony import */ var _media_types_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9217);
/* harmony import */ var _targz_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9695);
/**
 * Turns a built wasm (and, for `higress`, the plugin's docs) into the blobs
 * and manifest of one of the three layouts the gateways can load
 * (FACTS.md section 2). Pure: bytes in, bytes out, so the same inputs give
 * the same manifest digest.
 */






const LAYOUTS = ['higress', 'compat', 'oci'];
function parseLayout(value) {
    if (LAYOUTS.includes(value))
        return value;
    throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(`unknown layout '${value}' (expected one of: ${LAYOUTS.join(', ')})`);
}
function blobOf(mediaType, data, title) {
    const blob = { mediaType, digest: (0,_digest_js__WEBPACK_IMPORTED_MODULE_3__/* .digestOf */ .ol)(data), size: data.length, data };
    if (title)
        blob.annotations = { [_media_types_js__WEBPACK_IMPORTED_MODULE_4__/* .ANNOTATION */ .YX.title]: title };
    return blob;
}
/**
 * Higress's extra layers, in the order its workflow pushes them: READMEs
 * (the translations first, then README.md), spec.yaml, icon.png.
 */
function higressDocLayers(pluginDir) {
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(pluginDir))
        return [];
    const files = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)(pluginDir).sort();
    const layers = [];
    for (const name of files) {
        const m = /^README_([A-Za-z]{2}(?:[-_][A-Za-z]{2})?)\.md$/.exec(name);
        if (m)
            layers.push(blobOf((0,_media_types_js__WEBPACK_IMPORTED_MODULE_4__/* .docMediaType */ .VB)(m[1].toUpperCase()), (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(pluginDir, name)), name));
    }
    const fixed = [
        ['README.md', _media_types_js__WEBPACK_IMPORTED_MODULE_4__.MT.docMarkdown],
        ['spec.yaml', _media_types_js__WEBPACK_IMPORTED_MODULE_4__.MT.spec],
        ['icon.png', _media_types_js__WEBPACK_IMPORTED_MODULE_4__.MT.icon],
    ];
    for (const [name, type] of fixed) {
        if (files.includes(name))
            layers.push(blobOf(type, (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(pluginDir, name)), name));
    }
    return layers;
}
function annotationsOf(meta, wasmSha256) {
    const pairs = [
        [_media_types_js__WEBPACK_IMPORTED_MODULE_4__/* .ANNOTATION */ .YX.created, meta.created],
        [_media_types_js__WEBPACK_IMPORTED_MODULE_4__/* .ANNOTATION */ .YX.source, meta.source],
        [_media_types_js__WEBPACK_IMPORTED_MODULE_4__/* .ANNOTATION */ .YX.revision, meta.revision],
        [_media_types_js__WEBPACK_IMPORTED_MODULE_4__/* .ANNOTATION */ .YX.version, meta.version],
        [_media_types_js__WEBPACK_IMPORTED_MODULE_4__/* .ANNOTATION */ .YX.title, meta.title],
        [_media_types_js__WEBPACK_IMPORTED_MODULE_4__/* .ANNOTATION */ .YX.description, meta.description],
        [_media_types_js__WEBPACK_IMPORTED_MODULE_4__/* .ANNOTATION */ .YX.licenses, meta.licenses],
        [_media_types_js__WEBPACK_IMPORTED_MODULE_4__/* .ANNOTATION */ .YX.abi, meta.abiVersion],
        [_media_types_js__WEBPACK_IMPORTED_MODULE_4__/* .ANNOTATION */ .YX.builder, meta.builder],
        [_media_types_js__WEBPACK_IMPORTED_MODULE_4__/* .ANNOTATION */ .YX.toolchain, meta.toolchainVersion],
        [_media_types_js__WEBPACK_IMPORTED_MODULE_4__/* .ANNOTATION */ .YX.wasmSha256, wasmSha256],
    ];
    const out = {};
    for (const [k, v] of pairs)
        if (v)
            out[k] = v;
    return out;
}
function buildArtifact(input) {
    const wasmSha256 = (0,_digest_js__WEBPACK_IMPORTED_MODULE_3__/* .sha256Hex */ .fg)(input.wasm);
    const annotations = annotationsOf(input.metadata ?? {}, wasmSha256);
    const emptyConfig = blobOf(_media_types_js__WEBPACK_IMPORTED_MODULE_4__.MT.empty, _media_types_js__WEBPACK_IMPORTED_MODULE_4__/* .EMPTY_JSON */ .JO);
    const pluginTarGz = () => blobOf(_media_types_js__WEBPACK_IMPORTED_MODULE_4__.MT.ociLayerTarGzip, (0,_targz_js__WEBPACK_IMPORTED_MODULE_5__/* .tarGzipOf */ .jl)([{ name: 'plugin.wasm', data: input.wasm }]), 'plugin.tar.gz');
    switch (input.layout) {
        case 'higress': {
            const docs = input.pluginDir ? higressDocLayers(input.pluginDir) : [];
            // plugin.tar.gz LAST: the gateway opens only the last layer.
            const layers = [...docs, pluginTarGz()];
            return {
                layout: 'higress',
                config: emptyConfig,
                layers,
                annotations,
                wasmSha256,
                forms: ['1.1', '1.0'],
            };
        }
        case 'compat':
            return {
                layout: 'compat',
                config: emptyConfig,
                layers: [pluginTarGz()],
                annotations,
                wasmSha256,
                forms: ['1.1', '1.0'],
            };
        case 'oci': {
            // Istio's "oci" variant counts LAYERS: exactly two, the config json
            // pushed as a layer and the raw wasm. Keys fixed, no clock: reproducible.
            const config = { type: 'wasm' };
            if (input.metadata?.abiVersion)
                config.abiVersions = [input.metadata.abiVersion];
            if (input.metadata?.created)
                config.created = input.metadata.created;
            const configLayer = blobOf(_media_types_js__WEBPACK_IMPORTED_MODULE_4__.MT.wasmConfig, Buffer.from(JSON.stringify(config)), 'config.json');
            const wasmLayer = blobOf(_media_types_js__WEBPACK_IMPORTED_MODULE_4__.MT.wasmLayer, input.wasm, 'plugin.wasm');
            return {
                layout: 'oci',
                config: emptyConfig,
                layers: [configLayer, wasmLayer],
                annotations,
                wasmSha256,
                forms: ['1.1', '1.0'],
            };
        }
    }
}
function descriptor(b) {
    const d = { mediaType: b.mediaType, digest: b.digest, size: b.size };
    if (b.annotations)
        d.annotations = b.annotations;
    return d;
}
/**
 * The manifest bytes for a form. 1.1: `artifactType` and the empty config;
 * 1.0: no `artifactType`, the type moves to `config.mediaType` (as
 * `oras push --image-spec v1.0` does), same `{}` blob.
 */
function encodeManifest(artifact, form) {
    const manifest = { schemaVersion: 2, mediaType: _media_types_js__WEBPACK_IMPORTED_MODULE_4__.MT.ociManifest };
    let config = descriptor(artifact.config);
    if (form === '1.1')
        manifest.artifactType = _media_types_js__WEBPACK_IMPORTED_MODULE_4__.MT.unknownArtifact;
    else
        config = { ...config, mediaType: _media_types_js__WEBPACK_IMPORTED_MODULE_4__.MT.unknownConfig };
    manifest.config = config;
    manifest.layers = artifact.layers.map(descriptor);
    if (Object.keys(artifact.annotations).length)
        manifest.annotations = artifact.annotations;
    const bytes = Buffer.from(JSON.stringify(manifest));
    return { form, mediaType: _media_types_js__WEBPACK_IMPORTED_MODULE_4__.MT.ociManifest, bytes, digest: (0,_digest_js__WEBPACK_IMPORTED_MODULE_3__/* .digestOf */ .ol)(bytes) };
}
/** Every blob the manifest refers to, config first, without duplicates. */
function blobsOf(artifact) {
    const seen = new Set();
    return [artifact.config, ...artifact.layers].filter((b) => !seen.has(b.digest) && seen.add(b.digest));
}


/***/ }),

/***/ 8482:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   r: () => (/* binding */ publishPlugin)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _common_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1922);
/* harmony import */ var _docker_config_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7520);
/* harmony import */ var _gateway_rules_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8069);
/* harmony import */ var _image_layout_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1103);
/* harmony import */ var _layouts_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(166);
/* harmony import */ var _reference_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(2148);
/* harmony import */ var _registry_client_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(764);
/* harmony import */ var _tags_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(7145);
/* harmony import */ var _verify_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(6852);
/**
 * The publish stage for one plugin: build the layout's blobs and manifest,
 * push blobs first, then the manifest by digest, then each tag; then verify
 * with the gateway's rules. A failure names exactly which references were
 * pushed before it, so no partly pushed tag passes for success.
 */










/** Registries that refuse image-spec 1.1 answer 400 MANIFEST_INVALID, 415 or 422. */
function rejectsForm(err) {
    return err instanceof _registry_client_js__WEBPACK_IMPORTED_MODULE_7__/* .RegistryError */ .gl && [400, 415, 422].includes(err.status);
}
function describePushed(pushed) {
    return pushed.length
        ? `references pushed before the failure: ${pushed.join(', ')}`
        : 'no reference was pushed';
}
/**
 * The layout gate (Higress added one after #4528): run the gateway's rules on
 * the artifact in memory, so nothing a gateway cannot load is ever pushed.
 */
function gateBeforePush(plugin, artifact, wasm, form) {
    // The layer bytes are ours, built from `wasm` a moment ago: checking the
    // structure and the module is enough; the full read-back runs after the push.
    const m = (0,_layouts_js__WEBPACK_IMPORTED_MODULE_5__/* .encodeManifest */ .Gb)(artifact, form);
    const sel = (0,_gateway_rules_js__WEBPACK_IMPORTED_MODULE_3__/* .selectWasmLayer */ .uD)(JSON.parse(m.bytes.toString()), m.mediaType);
    const reason = !sel.ok
        ? sel.reason
        : !(0,_gateway_rules_js__WEBPACK_IMPORTED_MODULE_3__/* .looksLikeWasm */ .G2)(wasm)
            ? 'plugin.wasm is not a WebAssembly binary (bad magic)'
            : undefined;
    if (reason)
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PluginFailure */ .OG(`${plugin}: not publishing: ${reason}; nothing was pushed`);
}
async function publishPlugin(input, log) {
    const layout = input.layout ?? 'higress';
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(input.wasm))
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(`${input.plugin}: wasm file '${input.wasm}' does not exist`);
    const wasm = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(input.wasm);
    const artifact = (0,_layouts_js__WEBPACK_IMPORTED_MODULE_5__/* .buildArtifact */ .LR)({
        layout,
        wasm,
        pluginDir: input.pluginDir,
        metadata: input.metadata,
    });
    const wanted = input.imageSpec ?? 'auto';
    const forms = wanted === 'auto'
        ? artifact.forms
        : artifact.forms.includes(wanted)
            ? [wanted]
            : artifact.forms;
    if (!input.tags.length)
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PluginFailure */ .OG(`${input.plugin}: no tags to publish`);
    gateBeforePush(input.plugin, artifact, wasm, forms[0]);
    if (input.target.kind === 'layout') {
        const store = new _image_layout_js__WEBPACK_IMPORTED_MODULE_4__/* .OciLayout */ .A(input.target.dir);
        let written = 0;
        for (const b of (0,_layouts_js__WEBPACK_IMPORTED_MODULE_5__/* .blobsOf */ .OR)(artifact))
            written += store.putBlob(b.data);
        const m = (0,_layouts_js__WEBPACK_IMPORTED_MODULE_5__/* .encodeManifest */ .Gb)(artifact, forms[0]);
        store.tag(m.bytes, m.mediaType, input.tags);
        const dir = input.target.dir;
        const refs = input.tags.map((t) => `${dir}:${t}`);
        const verification = await (0,_verify_js__WEBPACK_IMPORTED_MODULE_9__/* .verifySource */ .t4)((0,_verify_js__WEBPACK_IMPORTED_MODULE_9__/* .layoutSource */ .yj)(refs[0]), artifact.wasmSha256);
        if (!verification.ok)
            throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PluginFailure */ .OG(`${input.plugin}: verify ${refs[0]} failed: ${verification.reason}`);
        log.info(`${input.plugin}: wrote ${refs.join(', ')} (${m.digest}, ${layout} layout, ${written} new blob bytes)`);
        return {
            plugin: input.plugin,
            references: refs,
            digest: m.digest,
            layout,
            verified: true,
            uploadedBytes: written,
            manifestForm: m.form,
            verification,
        };
    }
    const t = input.target;
    const credentials = t.credentials ?? (await (0,_docker_config_js__WEBPACK_IMPORTED_MODULE_2__/* .dockerCredentials */ .d)(t.registry, t.env));
    const client = new _registry_client_js__WEBPACK_IMPORTED_MODULE_7__/* .RegistryClient */ .bP(t.registry, {
        credentials,
        insecure: t.insecure,
        log,
        chunkSize: input.chunkSize,
        timeoutMs: t.timeoutMs,
    });
    const repo = t.repository;
    let tags = input.tags;
    if (tags.includes('latest') && input.version) {
        const existing = await client.listTags(repo);
        const kept = (0,_tags_js__WEBPACK_IMPORTED_MODULE_8__/* .keepLatestMonotonic */ .XF)(tags, input.version, existing);
        if (kept.length !== tags.length)
            log.warn(`${input.plugin}: not moving 'latest' back to ${input.version}: the registry has a higher release`);
        tags = kept;
    }
    // Blobs first: a manifest must never point at something missing.
    const outcomes = await Promise.all((0,_layouts_js__WEBPACK_IMPORTED_MODULE_5__/* .blobsOf */ .OR)(artifact).map((b) => client.pushBlob(repo, b, t.mountFrom)));
    log.debug(`${input.plugin}: blobs ${outcomes.join(', ')}`);
    // Then the manifest by digest, so a tag only ever appears on a complete artifact.
    let manifest;
    for (const form of forms) {
        const m = (0,_layouts_js__WEBPACK_IMPORTED_MODULE_5__/* .encodeManifest */ .Gb)(artifact, form);
        try {
            await client.putManifest(repo, m.digest, m.bytes, m.mediaType);
            manifest = m;
            break;
        }
        catch (err) {
            if (form === '1.1' && forms.includes('1.0') && rejectsForm(err)) {
                log.warn(`${t.registry} rejected the image-spec 1.1 manifest (${err.message}); falling back to the 1.0 form`);
                continue;
            }
            throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PluginFailure */ .OG(`${input.plugin}: manifest push failed: ${err.message}; no reference was pushed`, { cause: err });
        }
    }
    if (!manifest)
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PluginFailure */ .OG(`${input.plugin}: the registry rejected every manifest form; no reference was pushed`);
    const pushed = [];
    for (const tag of tags) {
        const ref = (0,_reference_js__WEBPACK_IMPORTED_MODULE_6__/* .formatRef */ .rq)(t.registry, repo, tag);
        try {
            await client.putManifest(repo, tag, manifest.bytes, manifest.mediaType);
        }
        catch (err) {
            throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PluginFailure */ .OG(`${input.plugin}: pushing ${ref} failed: ${err.message}; ${describePushed(pushed)}`, { cause: err });
        }
        pushed.push(ref);
    }
    // Read it back through the first tag, as a gateway would.
    // by digest when the latest guard left no tag
    const first = tags[0] ?? manifest.digest;
    const verification = await (0,_verify_js__WEBPACK_IMPORTED_MODULE_9__/* .verifySource */ .t4)({
        reference: (0,_reference_js__WEBPACK_IMPORTED_MODULE_6__/* .formatRef */ .rq)(t.registry, repo, first),
        manifest: () => client.getManifest(repo, first),
        blob: (d, max) => client.getBlob(repo, d, max),
    }, artifact.wasmSha256);
    if (!verification.ok || verification.digest !== manifest.digest) {
        const why = verification.reason ?? `the tag resolves to ${verification.digest}, not ${manifest.digest}`;
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PluginFailure */ .OG(`${input.plugin}: verify of ${(0,_reference_js__WEBPACK_IMPORTED_MODULE_6__/* .formatRef */ .rq)(t.registry, repo, first)} failed: ${why}; ${describePushed(pushed)}`);
    }
    log.info(`${input.plugin}: pushed ${pushed.join(', ')} (${manifest.digest}, ${layout} layout, image-spec ${manifest.form}, ${client.uploadedBytes} blob bytes uploaded)`);
    return {
        plugin: input.plugin,
        references: pushed,
        digest: manifest.digest,
        layout,
        verified: true,
        uploadedBytes: client.uploadedBytes,
        manifestForm: manifest.form,
        verification,
    };
}


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


/***/ })

};
