// Checks Cypher statements with Neo4j's own Cypher front end (the parser
// and semantic analysis of @neo4j-cypher/language-support), since no Neo4j
// server can run where CI does.
//
//   node lint.mjs [FILE]
//
// reads JSON from FILE, or from standard input without one:
//
//   {"schema": {"labels": [...], "relationshipTypes": [...], "propertyKeys": [...]},
//    "statements": [{"name": "...", "text": "..."}, ...]}
//
// and prints one line per problem, "name:line:column: severity: message".
// Every diagnostic counts, warnings too (a deprecated form, a label, type or
// property not in the schema), except that a parameter is not declared:
// the statements take their inputs as parameters by design. It exits 1 when
// there is a problem, 2 when it cannot run, 0 otherwise.
//
// Procedures and functions: the linter checks calls against a registry of
// signatures. The package ships the registry of a real Neo4j (testData), of
// which only Neo4j's own procedures (db.*, dbms.*, tx.*) and built-in
// functions are declared here, so that a plugin's procedure (APOC, GDS),
// which a plain Neo4j does not have, is reported.
import { readFileSync } from 'node:fs';
import { isNotParamError, lintCypherQuery, testData } from '@neo4j-cypher/language-support';

const version = 'CYPHER 5';
const severities = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };

function neo4jCore(registry) {
  const procedures = Object.entries(registry.procedures[version]).filter(([name]) => /^(db|dbms|tx)\./.test(name));
  const functions = Object.entries(registry.functions[version]).filter(([, fn]) => fn.isBuiltIn);
  return {
    procedures: { [version]: Object.fromEntries(procedures) },
    functions: { [version]: Object.fromEntries(functions) },
  };
}

let input;
try {
  input = JSON.parse(readFileSync(process.argv[2] ?? 0, 'utf8'));
} catch (err) {
  console.error(`lint.mjs: cannot read the statements: ${err.message}`);
  process.exit(2);
}

const schema = {
  labels: input.schema.labels,
  relationshipTypes: input.schema.relationshipTypes,
  propertyKeys: input.schema.propertyKeys,
  defaultLanguage: version,
  ...neo4jCore(testData.mockSchema),
};

let problems = 0;
for (const { name, text } of input.statements) {
  const { diagnostics } = lintCypherQuery(text, schema);
  for (const d of diagnostics.filter(isNotParamError)) {
    problems++;
    const at = `${d.range.start.line + 1}:${d.range.start.character + 1}`;
    console.log(`${name}:${at}: ${severities[d.severity] ?? d.severity}: ${d.message}`);
  }
}
console.log(`${input.statements.length} statements checked, ${problems} problems`);
process.exit(problems > 0 ? 1 : 0);
