// mcp_sdk: `graft mcp` driven by a real MCP client -- the official TypeScript
// SDK's Client over its StdioClientTransport -- on a scratch copy of the
// example shop: handshake, tool listing and schemas, every tool called,
// model-fixable failures, protocol errors, progress, cancellation, and
// --read-only. Prints "ok NAME" / "not ok NAME" per check, then a summary.
// usage: node tests/compat/mcp_sdk.mjs [GRAFT]   (default: $GRAFT, build/graft)
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { McpError, LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import Ajv from 'ajv'; // ajv 6 (draft-07), the project's own devDependency

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const GRAFT = path.resolve(process.argv[2] || process.env.GRAFT || path.join(REPO, 'build/graft'));
const TOOL_NAMES = ['code_find', 'code_rewrite', 'code_scan', 'code_parse', 'code_symbols',
    'code_show', 'code_splice', 'code_refs', 'file_read', 'file_replace', 'file_insert',
    'file_delete_range', 'file_patch_apply', 'repo_search', 'repo_tree', 'plan_run'];
const SLOW_PLAN = 'name: slow\nsteps:\n  - name: nap\n    shell: sleep 5\n';

let passed = 0, failed = 0;
function ok(name, detail) {
    passed++;
    console.log(`ok mcp/${name}${detail ? ` (${detail})` : ''}`);
}
function notok(name, detail) {
    failed++;
    console.log(`not ok mcp/${name}${detail ? `: ${String(detail).slice(0, 2000)}` : ''}`);
}
function check(name, cond, detail) {
    if (cond) ok(name); else notok(name, detail);
    return !!cond;
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const read = (p) => fs.readFileSync(p, 'utf8');

// ---- the scratch project: shop (the server's working directory) beside
// rules and plans, in one git work tree (the server's default root) ----
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'graft-mcp-sdk-'));
const proj = path.join(tmp, 'proj');
const shop = path.join(proj, 'shop');
for (const d of ['shop', 'rules', 'plans'])
    fs.cpSync(path.join(REPO, 'examples', d), path.join(proj, d), { recursive: true });
const git = (...a) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...a],
    { cwd: proj, stdio: 'pipe' });
git('init', '-q', '.');
git('add', '-A');
git('commit', '-q', '-m', 'shop');

// ---- schema compilers ----
const ajv6 = new Ajv({ allErrors: true, strictKeywords: true, strictDefaults: true });
const sdkAjv = new AjvJsonSchemaValidator();
const compiled = new Map(); // tool name -> {input, output} ajv 6 validators

// Connects a client to a new `graft mcp` (extra args) in shop; every message
// each way is kept in wire[] (dir 'in' from the server, 'out' to it).
async function connect(extra = []) {
    const transport = new StdioClientTransport({
        command: GRAFT, args: ['mcp', ...extra], cwd: shop, stderr: 'pipe',
        env: { ...process.env, PATH: process.env.PATH || '/usr/bin:/bin' },
    });
    const stderr = [];
    transport.stderr?.on('data', (b) => stderr.push(b.toString()));
    const wire = [];
    let inner;
    Object.defineProperty(transport, 'onmessage', {
        get: () => inner && ((m, e) => { wire.push({ dir: 'in', m, t: Date.now() }); inner(m, e); }),
        set: (f) => { inner = f; },
    });
    const send = transport.send.bind(transport);
    transport.send = (m, o) => { wire.push({ dir: 'out', m, t: Date.now() }); return send(m, o); };
    const client = new Client({ name: 'graft-sdk-test', version: '1.0.0' }, { capabilities: {} });
    const errors = [];
    client.onerror = (e) => errors.push(String(e));
    await client.connect(transport);
    return { client, transport, wire, stderr, errors };
}

// Calls a tool; returns the result or the thrown error (never throws).
async function call(client, name, args, options) {
    try {
        return { result: await client.callTool({ name, arguments: args }, undefined, options) };
    } catch (e) {
        return { error: e };
    }
}

function textOf(r) {
    return (r.content || []).filter((c) => c.type === 'text').map((c) => c.text).join('\n');
}

// A successful result: not isError, structuredContent valid against the
// tool's output schema (ajv 6; the SDK checked it with ajv 8 already), one
// text block whose JSON equals structuredContent, and the arguments valid
// against the input schema. Returns structuredContent or null.
function success(name, tool, args, res) {
    if (res.error) return notok(name, `threw ${res.error}`), null;
    const r = res.result;
    if (r.isError) return notok(name, `isError: ${textOf(r)}`), null;
    const v = compiled.get(tool);
    const problems = [];
    if (v && !v.input(args)) problems.push(`arguments do not fit inputSchema: ${ajv6.errorsText(v.input.errors)}`);
    if (!r.structuredContent) problems.push('no structuredContent');
    else if (v && !v.output(r.structuredContent))
        problems.push(`structuredContent does not fit outputSchema: ${ajv6.errorsText(v.output.errors)}`);
    const texts = (r.content || []).filter((c) => c.type === 'text');
    if (texts.length !== 1) problems.push(`${texts.length} text blocks, want 1`);
    else {
        let parsed;
        try { parsed = JSON.parse(texts[0].text); } catch (e) { problems.push(`text block is not JSON: ${e.message}`); }
        if (parsed !== undefined && !isDeepStrictEqual(parsed, r.structuredContent))
            problems.push('text block JSON differs from structuredContent');
    }
    if (problems.length) return notok(name, problems.join('; ')), null;
    return r.structuredContent;
}

// A model-fixable failure: an isError result whose text matches re.
function modelError(name, res, re) {
    if (res.error) return notok(name, `threw ${res.error} (want an isError result)`);
    const r = res.result, t = textOf(r);
    if (r.isError !== true) return notok(name, `not isError: ${JSON.stringify(r).slice(0, 400)}`);
    check(name, re.test(t), `message ${JSON.stringify(t)} does not match ${re}`);
}

// Processes whose working directory is inside the scratch project (the plan
// steps' commands run there), with their command lines.
function scratchProcesses() {
    const out = [];
    for (const pid of fs.readdirSync('/proc')) {
        if (!/^\d+$/.test(pid)) continue;
        try {
            const cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
            if (cwd === proj || cwd.startsWith(proj + '/')) {
                const cmd = read(`/proc/${pid}/cmdline`).split('\0').join(' ').trim();
                out.push(`${pid} ${cmd}`);
            }
        } catch { /* gone, or not ours */ }
    }
    return out;
}

async function main() {
    if (!fs.existsSync(GRAFT)) {
        notok('setup', `no graft executable at ${GRAFT}`);
        return;
    }

    // ---- 1. initialize ----
    const s = await connect();
    const { client, wire } = s;
    const init = wire.find((w) => w.dir === 'in' && w.m.id !== undefined && w.m.result?.protocolVersion);
    check('initialize/protocol-version', init?.m.result.protocolVersion === LATEST_PROTOCOL_VERSION,
        `answered ${init?.m.result.protocolVersion}, client asked ${LATEST_PROTOCOL_VERSION}`);
    const info = client.getServerVersion();
    check('initialize/server-info', info?.name === 'graft' && typeof info.version === 'string' && info.version.length > 0,
        JSON.stringify(info));
    const caps = client.getServerCapabilities();
    check('initialize/capabilities', caps?.tools && caps?.logging, JSON.stringify(caps));
    check('initialize/instructions', (client.getInstructions() || '').length > 0);
    try { await client.ping(); ok('ping'); } catch (e) { notok('ping', e); }

    // ---- 2. tools/list ----
    const l1 = await client.listTools();
    const l2 = await client.listTools();
    const tools = l1.tools;
    check('list/deterministic', JSON.stringify(l1) === JSON.stringify(l2), 'two listings differ');
    check('list/no-pagination', l1.nextCursor === undefined, `nextCursor ${l1.nextCursor}`);
    const names = tools.map((t) => t.name);
    check('list/names', names.every((n) => /^[a-z0-9_]{1,64}$/.test(n)) && new Set(names).size === names.length,
        names.join(' '));
    check('list/every-tool', TOOL_NAMES.every((n) => names.includes(n)),
        `missing: ${TOOL_NAMES.filter((n) => !names.includes(n)).join(' ')}`);
    for (const t of tools) {
        const problems = [];
        if (!t.description || t.description.length < 40) problems.push('description too short');
        if (!/Example|example/.test(t.description || '')) problems.push('description has no example');
        const a = t.annotations || {};
        for (const k of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'])
            if (typeof a[k] !== 'boolean') problems.push(`annotations.${k} missing`);
        if (a.openWorldHint !== false) problems.push('openWorldHint is not false');
        if (a.readOnlyHint && a.destructiveHint) problems.push('read-only and destructive');
        if (t.inputSchema?.type !== 'object' || t.inputSchema.additionalProperties !== false)
            problems.push('inputSchema is not an object with additionalProperties: false');
        if (t.outputSchema?.type !== 'object') problems.push('no outputSchema of type object');
        let input, output;
        try {
            input = ajv6.compile(t.inputSchema);
            output = ajv6.compile(t.outputSchema);
        } catch (e) { problems.push(`ajv 6: ${e.message}`); }
        try {
            sdkAjv.getValidator(t.inputSchema);
            sdkAjv.getValidator(t.outputSchema);
        } catch (e) { problems.push(`sdk ajv: ${e.message}`); }
        if (input && output) compiled.set(t.name, { input, output });
        if (problems.length) notok(`schema/${t.name}`, problems.join('; ')); else ok(`schema/${t.name}`);
    }
    // the schemas are really checked: a wrong type and an unknown argument fail
    const cf = compiled.get('code_find');
    check('schema/rejects-bad-arguments', cf && !cf.input({ pattern: 7 }) && !cf.input({ pattern: 'x', colour: 1 })
        && cf.input({ pattern: 'x' }), 'code_find inputSchema accepts bad arguments');

    const views = path.join(shop, 'app/views.py');
    const models = path.join(shop, 'app/models.py');

    // ---- 3. every tool ----
    let a, r;
    a = { pattern: 'print($$$A)', lang: 'python', paths: ['app'] };
    r = success('tool/code_find', 'code_find', a, await call(client, 'code_find', a));
    if (r) check('tool/code_find', r.count === 1 && r.matches?.[0]?.file?.endsWith('app/views.py'), JSON.stringify(r).slice(0, 300));

    a = { pattern: '$X', lang: 'python', paths: ['app'], max_results: 2 };
    r = success('bound/max_results', 'code_find', a, await call(client, 'code_find', a));
    if (r) check('bound/max_results', r.matches.length === 2 && r.truncated === true && /of \d+/.test(r.note || ''),
        JSON.stringify({ n: r.matches.length, truncated: r.truncated, note: r.note }));
    a = { pattern: '$X', lang: 'python', paths: ['app'], max_chars: 400 };
    r = success('bound/max_chars', 'code_find', a, await call(client, 'code_find', a));
    if (r) check('bound/max_chars', r.truncated === true && r.matches.length === 0 && r.note
        && JSON.stringify(r).length <= 400, JSON.stringify(r).slice(0, 300));

    a = { rule: ['../rules/shop.yml'], paths: ['app'] };
    r = success('tool/code_scan', 'code_scan', a, await call(client, 'code_scan', a));
    if (r) {
        const ids = (r.matches || []).map((f) => f.ruleId);
        check('tool/code_scan', r.count === 2 && ids.includes('no-print-in-views') && ids.includes('float-price'),
            JSON.stringify(r).slice(0, 400));
    }

    a = { paths: ['broken/cart.py'] };
    r = success('tool/code_parse', 'code_parse', a, await call(client, 'code_parse', a));
    if (r) check('tool/code_parse', r.count >= 1 && /"line"/.test(JSON.stringify(r)), JSON.stringify(r).slice(0, 400));
    a = { paths: ['app/models.py'] };
    r = success('tool/code_parse-clean', 'code_parse', a, await call(client, 'code_parse', a));
    if (r) check('tool/code_parse-clean', r.count === 0, JSON.stringify(r).slice(0, 300));

    a = { paths: ['app/models.py'] };
    r = success('tool/code_symbols', 'code_symbols', a, await call(client, 'code_symbols', a));
    if (r) check('tool/code_symbols', /Cart\/total/.test(JSON.stringify(r)), JSON.stringify(r).slice(0, 400));

    a = { target: 'app/models.py::Cart/total' };
    r = success('tool/code_show', 'code_show', a, await call(client, 'code_show', a));
    if (r) check('tool/code_show', /Decimal\(\\"0\\"\)/.test(JSON.stringify(r)), JSON.stringify(r).slice(0, 400));

    a = { name: 'render_cart', paths: ['app'] };
    r = success('tool/code_refs', 'code_refs', a, await call(client, 'code_refs', a));
    if (r) check('tool/code_refs', r.count >= 1 && /add_to_cart/.test(JSON.stringify(r)), JSON.stringify(r).slice(0, 400));

    a = { path: 'app/models.py', start_line: 2, end_line: 3 };
    r = success('tool/file_read', 'file_read', a, await call(client, 'file_read', a));
    if (r) check('tool/file_read', r.start_line === 2 && r.end_line === 3 && /^\s+2\tfrom dataclasses/.test(r.text)
        && r.total_lines === read(models).split('\n').length - 1 && r.truncated === false, JSON.stringify(r));

    a = { pattern: 'print\\(', paths: ['app'] };
    r = success('tool/repo_search', 'repo_search', a, await call(client, 'repo_search', a));
    if (r) check('tool/repo_search', r.count === 1 && /views\.py/.test(JSON.stringify(r)), JSON.stringify(r).slice(0, 400));

    a = { path: '.', max_depth: 2 };
    r = success('tool/repo_tree', 'repo_tree', a, await call(client, 'repo_tree', a));
    if (r) check('tool/repo_tree', /app\/models\.py/.test(JSON.stringify(r.tree)) && /web\/cart\.ts/.test(JSON.stringify(r.tree)),
        JSON.stringify(r).slice(0, 400));

    // progress and a plan in dry_run: nothing written
    const before = read(views);
    const progress = [];
    a = { plan: '../plans/shop-logging.yml', dry_run: true };
    r = success('tool/plan_run', 'plan_run', a,
        await call(client, 'plan_run', a, { onprogress: (p) => progress.push(p), timeout: 120000 }));
    if (r) check('tool/plan_run', r.status && Array.isArray(r.steps) && r.steps.length === 7 && read(views) === before,
        JSON.stringify({ status: r.status, steps: r.steps?.length, unchanged: read(views) === before }));
    check('progress/plan_run', progress.length >= 2 && progress.every((p, i) => i === 0 || p.progress > progress[i - 1].progress)
        && progress.some((p) => /step 1/.test(p.message || '')), JSON.stringify(progress));

    // a quick call with a progress token: its progress must not trail so
    // closely behind the answer that the client has retired the token (the
    // SDK reports "unknown token"; Claude Code drops the connection on it)
    const before_errors = s.errors.length;
    let quick = 0;
    for (let i = 0; i < 10; i++) {
        a = { path: 'app/models.py', end_line: 2 };
        if (success('progress/quick-calls', 'file_read', a, await call(client, 'file_read', a, { onprogress: () => {} }))) quick++;
    }
    await sleep(50);
    const late = s.errors.slice(before_errors).filter((e) => /unknown token/.test(e));
    if (quick === 10)
        check('progress/quick-calls', late.length === 0, `${late.length} of 10 calls: ${late[0]}`);

    // edits: dry run first (nothing written), then for real
    a = { pattern: 'Item($SKU, $PRICE)', rewrite: 'Item($SKU, Decimal($PRICE))', lang: 'python', paths: ['app/views.py'], dry_run: true };
    r = success('tool/code_rewrite-dry-run', 'code_rewrite', a, await call(client, 'code_rewrite', a));
    if (r) check('tool/code_rewrite-dry-run', r.changed === true && r.written === false && /Decimal\(price\)/.test(r.diff || '')
        && read(views) === before, JSON.stringify(r).slice(0, 400));
    delete a.dry_run;
    r = success('tool/code_rewrite', 'code_rewrite', a, await call(client, 'code_rewrite', a));
    if (r) check('tool/code_rewrite', r.changed === true && r.written === true && /Item\(sku, Decimal\(price\)\)/.test(read(views)),
        JSON.stringify(r).slice(0, 400));

    a = { path: 'app/views.py', anchor: 'from app.models import', before: true, text: 'from decimal import Decimal' };
    r = success('tool/file_insert', 'file_insert', a, await call(client, 'file_insert', a));
    if (r) check('tool/file_insert', r.written === true && read(views).startsWith('from decimal import Decimal\nfrom app.models'),
        read(views).slice(0, 100));

    a = { path: 'config/settings.toml', old: 'currency = "EUR"', new: 'currency = "USD"' };
    r = success('tool/file_replace', 'file_replace', a, await call(client, 'file_replace', a));
    if (r) check('tool/file_replace', r.changed && /currency = "USD"/.test(read(path.join(shop, 'config/settings.toml'))),
        JSON.stringify(r).slice(0, 300));
    r = success('tool/file_replace-again', 'file_replace', a, await call(client, 'file_replace', a));
    if (r) check('tool/file_replace-again', r.changed === false, JSON.stringify(r).slice(0, 300));

    a = { path: 'config/settings.toml', start: '[shop]', end: '[[shop.tax]]' };
    r = success('tool/file_delete_range', 'file_delete_range', a, await call(client, 'file_delete_range', a));
    if (r) check('tool/file_delete_range', r.changed && !/currency/.test(read(path.join(shop, 'config/settings.toml'))),
        read(path.join(shop, 'config/settings.toml')));

    a = { target: 'app/models.py::Item/total', replace: true, text: 'def total(self) -> Decimal:\n    return self.quantity * self.price\n' };
    r = success('tool/code_splice', 'code_splice', a, await call(client, 'code_splice', a));
    if (r) check('tool/code_splice', r.written && /        return self\.quantity \* self\.price\n/.test(read(models)),
        JSON.stringify(r).slice(0, 400));

    const js = path.join(shop, 'web/index.js');
    const jsNew = read(js).replace('price: 2', 'price: 3');
    fs.writeFileSync(path.join(tmp, 'index.js.new'), jsNew);
    const d = spawnSync('diff', ['-u', '--label', 'a/web/index.js', '--label', 'b/web/index.js', js,
        path.join(tmp, 'index.js.new')], { encoding: 'utf8' });
    a = { diff: d.stdout };
    r = success('tool/file_patch_apply', 'file_patch_apply', a, await call(client, 'file_patch_apply', a));
    if (r) check('tool/file_patch_apply', r.written && read(js) === jsNew, JSON.stringify(r).slice(0, 400));

    // ---- 4. failures the model can fix: isError results ----
    modelError('fixable/ambiguous-replace', await call(client, 'file_replace',
        { path: 'app/models.py', old: 'return', new: 'yield' }), /line/);
    modelError('fixable/no-match', await call(client, 'file_replace',
        { path: 'app/models.py', old: 'no such text anywhere', new: 'x' }), /.+/);
    modelError('fixable/missing-file', await call(client, 'file_read', { path: 'app/nope.py' }), /nope\.py/);
    modelError('fixable/outside-root', await call(client, 'file_replace',
        { path: '../../outside.txt', old: 'a', new: 'b' }), /outside|root|beneath/i);
    modelError('fixable/outside-root-absolute', await call(client, 'file_read', { path: '/etc/passwd' }), /outside|root|beneath/i);
    modelError('fixable/wrong-type', await call(client, 'code_find', { pattern: 7 }), /pattern/);
    modelError('fixable/unknown-argument', await call(client, 'code_find', { pattern: 'x', colour: true }), /colour/);
    modelError('fixable/missing-argument', await call(client, 'code_show', {}), /target/);
    modelError('fixable/syntax-breaking-edit', await call(client, 'code_splice',
        { target: 'app/models.py::Cart/total', replace: true, text: 'def total(self:\n' }), /syntax|error/i);
    modelError('fixable/stale-hash', await call(client, 'file_replace',
        { path: 'app/models.py', old: 'class Cart', new: 'class Basket', expect_sha256: '0'.repeat(64) }), /sha|changed|stale/i);

    // ---- 5. protocol errors ----
    const unk = await call(client, 'no_such_tool', {});
    check('protocol/unknown-tool', unk.error instanceof McpError && unk.error.code === -32602,
        unk.error ? `${unk.error.code} ${unk.error.message}` : JSON.stringify(unk.result));
    try {
        await client.request({ method: 'no/such/method', params: {} }, (await import('@modelcontextprotocol/sdk/types.js')).EmptyResultSchema);
        notok('protocol/unknown-method', 'answered');
    } catch (e) { check('protocol/unknown-method', e.code === -32601, `${e.code} ${e.message}`); }
    try { await client.setLoggingLevel('debug'); await client.setLoggingLevel('warning'); ok('protocol/logging-setLevel'); }
    catch (e) { notok('protocol/logging-setLevel', e); }

    // ---- 6. cancellation: a slow plan aborted by the client ----
    const ac = new AbortController();
    const started = Date.now();
    const slowProgress = [];
    const pending = call(client, 'plan_run', { plan_text: SLOW_PLAN },
        { signal: ac.signal, onprogress: (p) => slowProgress.push(p), timeout: 60000 });
    // abort once the step's progress has been handled and its command runs
    // (aborting earlier races notifications already on the wire)
    let sleeping = [];
    for (let i = 0; i < 200; i++) {
        sleeping = scratchProcesses().filter((p) => /^\d+ (\S*\/)?sleep 5$/.test(p));
        if (sleeping.length && slowProgress.some((p) => /nap/.test(p.message || ''))) break;
        await sleep(25);
    }
    check('cancel/slow-call-started', sleeping.length > 0, `no 'sleep 5' under ${proj}: ${scratchProcesses().join(', ')}`);
    ac.abort('test abort');
    const aborted = await pending;
    check('cancel/client-aborted', aborted.error && Date.now() - started < 4000, aborted.error ? String(aborted.error) : 'the call finished');
    const cancelMsg = wire.find((w) => w.dir === 'out' && w.m.method === 'notifications/cancelled');
    const cancelledId = cancelMsg?.m.params?.requestId;
    check('cancel/notification-sent', cancelMsg && cancelledId !== undefined, 'the SDK sent no notifications/cancelled');
    try { await client.ping(); ok('cancel/ping-after'); } catch (e) { notok('cancel/ping-after', e); }
    // the worker is free again: a tool call right after answers quickly (the
    // plan's 5 s sleep is not still running ahead of it)
    const t0 = Date.now();
    a = { path: 'app/models.py', start_line: 1, end_line: 1 };
    r = success('cancel/call-after', 'file_read', a, await call(client, 'file_read', a));
    if (r) check('cancel/call-after', Date.now() - started < 4000, `answered ${Date.now() - t0} ms later, ${Date.now() - started} ms after the slow call began`);
    try { await client.listTools(); ok('cancel/list-after'); } catch (e) { notok('cancel/list-after', e); }
    await sleep(200);
    const left = scratchProcesses().filter((p) => /sleep/.test(p));
    check('cancel/process-gone', left.length === 0, left.join(', '));
    const answered = wire.filter((w) => w.dir === 'in' && cancelledId !== undefined && w.m.id === cancelledId);
    check('cancel/no-response', answered.length === 0, JSON.stringify(answered).slice(0, 300));

    // ---- the session as a whole ----
    if (!check('session/no-transport-errors', s.errors.length === 0, `${s.errors.length} errors, first: ${s.errors[0]}`) && process.env.MCP_SDK_WIRE)
        for (const w of wire) console.log(`# ${w.t} ${w.dir} ${JSON.stringify(w.m).slice(0, 160)}`);
    const outIds = wire.filter((w) => w.dir === 'out' && w.m.id !== undefined).map((w) => w.m.id);
    const inIds = new Set(wire.filter((w) => w.dir === 'in' && w.m.id !== undefined).map((w) => w.m.id));
    const unanswered = outIds.filter((id) => id !== cancelledId && !inIds.has(id));
    check('session/every-request-answered', unanswered.length === 0, `unanswered: ${unanswered.join(' ')}`);
    await client.close();

    // ---- 7. version negotiation, for the versions this SDK cannot ask for
    // (raw JSON lines: the SDK always offers its latest) ----
    for (const [want, answer] of [['2025-11-25', '2025-11-25'], ['2025-06-18', '2025-06-18'],
        ['2025-03-26', '2025-03-26'], ['2024-11-05', '2024-11-05'], ['2024-10-07', LATEST_PROTOCOL_VERSION],
        ['2099-01-01', LATEST_PROTOCOL_VERSION]]) {
        const msg = { jsonrpc: '2.0', id: 1, method: 'initialize',
            params: { protocolVersion: want, capabilities: {}, clientInfo: { name: 'raw', version: '1' } } };
        const p = spawnSync(GRAFT, ['mcp'], { cwd: shop, input: JSON.stringify(msg) + '\n', encoding: 'utf8', timeout: 10000 });
        let got;
        try { got = JSON.parse(p.stdout.split('\n')[0]).result.protocolVersion; } catch { got = p.stdout.slice(0, 200); }
        check(`initialize/negotiate-${want}`, got === answer, `answered ${got}, want ${answer}`);
    }

    // ---- 8. --read-only ----
    const ro = await connect(['--read-only']);
    const roNames = (await ro.client.listTools()).tools.map((t) => t.name);
    const wantRo = tools.filter((t) => t.annotations?.readOnlyHint).map((t) => t.name);
    check('read-only/lists-read-only-tools', JSON.stringify(roNames) === JSON.stringify(wantRo) && roNames.length > 0
        && !roNames.includes('file_replace'), `${roNames.join(' ')} vs ${wantRo.join(' ')}`);
    const roCall = await call(ro.client, 'file_replace', { path: 'app/models.py', old: 'class Cart', new: 'class B' });
    check('read-only/refuses-edit', (roCall.error?.code === -32602 || roCall.result?.isError === true)
        && /class Cart/.test(read(models)), roCall.error ? String(roCall.error) : JSON.stringify(roCall.result));
    a = { path: 'app/models.py', start_line: 1, end_line: 1 };
    success('read-only/reads', 'file_read', a, await call(ro.client, 'file_read', a)) && ok('read-only/reads');
    await ro.client.close();
}

try {
    await main();
} catch (e) {
    notok('unexpected', e?.stack || e);
} finally {
    fs.rmSync(tmp, { recursive: true, force: true });
}
console.log(`# mcp_sdk: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
