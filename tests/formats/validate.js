// validate.js: checks mclint's json and sarif documents against their JSON
// Schemas (mclint's own for json, the official SARIF 2.1.0 schema for
// sarif), then checks what a schema cannot say: that indexes, counts and
// rule metadata agree with each other and with the catalog.
//   node validate.js json  SCHEMA DOCUMENT
//   node validate.js sarif SCHEMA DOCUMENT CATALOG   (CATALOG: mclint --list-rules)
// The validators come from MCLINT_VALIDATORS, a directory where
// tests/formats/validators/package.json was installed (npm ci).
'use strict';
const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');

const modules = process.env.MCLINT_VALIDATORS;
if (!modules) fail('MCLINT_VALIDATORS is not set');
const load = createRequire(path.join(path.resolve(modules), 'package.json'));

const problems = [];
function fail(message) {
  console.error(`validate.js: ${message}`);
  process.exit(1);
}
function check(ok, message) {
  if (!ok) problems.push(message);
}

function schemaErrors(validator, schemaFile, doc) {
  const validate = validator.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')));
  if (validate(doc)) return [];
  return validate.errors.map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
}

function jsonChecks(doc) {
  const sum = { files: 0, unreadable: 0, errors: 0, warnings: 0, info: 0 };
  for (const f of doc.files) {
    sum.files++;
    if (f.ioError) sum.unreadable++;
    const per = { error: 0, warning: 0, info: 0 };
    for (const d of f.diagnostics) {
      check(d.file === f.path, `diagnostic file ${d.file} is not its entry's ${f.path}`);
      check((d.line === null) === (d.column === null), `line and column disagree in ${f.path}`);
      check((d.endLine === null) === (d.endColumn === null), `endLine and endColumn disagree`);
      per[d.severity]++;
    }
    check(per.error === f.errors && per.warning === f.warnings && per.info === f.info,
          `counts of ${f.path} do not match its diagnostics`);
    sum.errors += f.errors;
    sum.warnings += f.warnings;
    sum.info += f.info;
  }
  for (const k of Object.keys(sum))
    check(doc.summary[k] === sum[k], `summary.${k} is ${doc.summary[k]}, files add up to ${sum[k]}`);
  if (doc.summary.statistics) {
    const total = doc.summary.statistics.reduce((n, s) => n + s.count, 0);
    check(total === sum.errors + sum.warnings + sum.info, 'statistics do not add up to the findings');
  }
}

// CODE NAME SEVERITY CATEGORY SUMMARY, after a header line.
function readCatalog(file) {
  return fs.readFileSync(file, 'utf8').split('\n').slice(1).filter(Boolean).map((line) => {
    const [code, name, severity, category] = line.split(/\s+/);
    return { code, name, severity, category };
  });
}

function sarifChecks(doc, catalog) {
  check(doc.runs.length === 1, 'expected exactly one run');
  const run = doc.runs[0];
  const rules = run.tool.driver.rules;
  const levels = { error: 'error', warning: 'warning', info: 'note' };
  check(rules.length === catalog.length, `${rules.length} rules, the catalog has ${catalog.length}`);
  catalog.forEach((c, i) => {
    const r = rules[i] || {};
    check(r.id === c.code && r.name === c.name, `rule ${i} is ${r.id} ${r.name}, not ${c.code} ${c.name}`);
    // helpUri exists only when the build knows where mclint is published.
    check(r.helpUri === undefined || r.helpUri.endsWith(`/docs/rules.md#${c.name}`), `helpUri of ${c.code}: ${r.helpUri}`);
    const level = r.defaultConfiguration && r.defaultConfiguration.level;
    check(c.severity === 'off' ? r.defaultConfiguration.enabled === false : level === levels[c.severity],
          `default level of ${c.code} is ${level}, the catalog says ${c.severity}`);
    check(r.shortDescription.text.length > 0 && r.fullDescription.text.length > 0 && r.help.text.length > 0,
          `descriptions of ${c.code} are empty`);
    check(r.properties.tags.includes(c.category), `${c.code} is not tagged ${c.category}`);
  });
  const count = { error: 0, warning: 0, note: 0 };
  for (const res of run.results) {
    check(rules[res.ruleIndex] && rules[res.ruleIndex].id === res.ruleId,
          `result ruleIndex ${res.ruleIndex} does not name ${res.ruleId}`);
    count[res.level]++;
    for (const loc of res.locations) {
      const a = loc.physicalLocation.artifactLocation;
      if (a.uriBaseId) check(!/^[a-z][a-z0-9+.-]*:/i.test(a.uri), `relative uri has a scheme: ${a.uri}`);
      else check(a.uri.startsWith('file:///'), `absolute uri is not a file URI: ${a.uri}`);
      check(!a.uri.startsWith('./'), `uri keeps a leading ./: ${a.uri}`);
      const reg = loc.physicalLocation.region;
      if (reg) check(reg.startLine >= 1 && (!reg.endLine || reg.endLine >= reg.startLine), 'bad region');
    }
  }
  const p = run.properties;
  check(p.errors === count.error && p.warnings === count.warning && p.info === count.note,
        `run properties ${JSON.stringify(p)} do not match the results' levels ${JSON.stringify(count)}`);
  check(run.invocations[0].executionSuccessful === (p.unreadable === 0), 'executionSuccessful is wrong');
}

const [kind, schemaFile, docFile, catalogFile] = process.argv.slice(2);
if (!['json', 'sarif'].includes(kind) || !docFile) fail('usage: validate.js json|sarif SCHEMA DOCUMENT [CATALOG]');
let doc;
try {
  doc = JSON.parse(fs.readFileSync(docFile, 'utf8'));
} catch (e) {
  fail(`${docFile}: not JSON: ${e.message}`);
}
let errors;
if (kind === 'json') {
  const Ajv2020 = load('ajv/dist/2020').default;
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  load('ajv-formats').default(ajv);
  errors = schemaErrors(ajv, schemaFile, doc);
  if (!errors.length) jsonChecks(doc);
} else {
  const AjvDraft04 = load('ajv-draft-04').default;
  // The official schema is draft-04 and not ours: validate against it, but
  // do not lint it. One of its patterns (run.language) is not valid with
  // the u flag, so patterns compile without it.
  const ajv = new AjvDraft04({ strict: false, allErrors: true, unicodeRegExp: false });
  load('ajv-formats').default(ajv);
  errors = schemaErrors(ajv, schemaFile, doc);
  if (!errors.length) sarifChecks(doc, readCatalog(catalogFile));
}
for (const e of errors.concat(problems)) console.error(`${docFile}: ${e}`);
if (errors.length || problems.length) process.exit(1);
console.log(`${docFile}: valid ${kind}`);
