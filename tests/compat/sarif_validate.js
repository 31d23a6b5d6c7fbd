// sarif_validate.js: validates SARIF files against the official SARIF 2.1.0
// schema (draft-04, from @microsoft/sarif-matcher-utils) with ajv 6 and
// RFC 3986 formats ("full": an artifact URI with a space or a raw non-ASCII
// byte is invalid). Usage: node sarif_validate.js FILE [RESULTS]; RESULTS
// is the number of results FILE must hold. Prints the errors, one a line;
// exit 0 valid, 1 invalid, 2 bad usage or missing packages.
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..', '..', 'node_modules');
let Ajv, schema, draft4;
try {
    Ajv = require(path.join(root, 'ajv'));
    draft4 = require(path.join(root, 'ajv', 'lib', 'refs', 'json-schema-draft-04.json'));
    schema = require(path.join(root, '@microsoft', 'sarif-matcher-utils', 'lib', 'schemas',
                               'sarif-2.1.0-rtm.5.json'));
} catch (e) {
    console.log('cannot load ajv or the SARIF schema (npm ci): ' + e.message);
    process.exit(2);
}
if (process.argv.length < 3) {
    console.log('usage: node sarif_validate.js FILE [RESULTS]');
    process.exit(2);
}
const file = process.argv[2];
const want = process.argv[3];

// ajv 6's recipe for draft-04: its own meta schema instead of draft-07's.
const ajv = new Ajv({schemaId: 'id', meta: false, allErrors: true, format: 'full',
                     jsonPointers: true});
ajv.addMetaSchema(draft4);
ajv._opts.defaultMeta = draft4.id;
const validate = ajv.compile(schema);

let doc;
try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8'));
} catch (e) {
    console.log(file + ': not JSON: ' + e.message);
    process.exit(1);
}
const problems = [];
if (!validate(doc))
    for (const e of validate.errors)
        problems.push(e.dataPath + ': ' + e.message +
                      (e.params ? ' ' + JSON.stringify(e.params) : ''));
// Beyond the schema: every result names a rule the driver lists, and the
// count is what the caller expects (so that an empty run cannot pass for a
// full one).
const runs = Array.isArray(doc.runs) ? doc.runs : [];
for (const run of runs) {
    const ids = new Set(((run.tool && run.tool.driver && run.tool.driver.rules) || [])
                            .map(r => r.id));
    for (const r of run.results || [])
        if (!ids.has(r.ruleId))
            problems.push('result for rule ' + JSON.stringify(r.ruleId) +
                          ' not in tool.driver.rules');
}
if (want !== undefined) {
    const n = runs.reduce((a, r) => a + ((r && r.results) || []).length, 0);
    if (String(n) !== want)
        problems.push(n + ' results, expected ' + want);
}
for (const p of problems)
    console.log(file + ': ' + p);
process.exit(problems.length ? 1 : 0);
