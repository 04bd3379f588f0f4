// Rewrites a library's index.ts so that each `export * from` line names what it exports:
// values in `export { ... }`, types in `export type { ... }`, as nats.js keeps its mod.ts.
// The lint refuses `export *` in a library's index.ts; this turns one into the other after a
// merge or a new file, and the list is then kept by hand. Usage: node tools/name-exports.mjs libs/platform
// Then `npm run format`, which the lint checks, lays the list out.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ts from 'typescript';

const library = process.argv[2];
if (!library) {
  console.error('usage: node tools/name-exports.mjs libs/<library>');
  process.exit(2);
}

const parsed = ts.getParsedCommandLineOfConfigFile(
  resolve(library, 'tsconfig.json'),
  {},
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  },
);
const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, projectReferences: parsed.projectReferences });
const checker = program.getTypeChecker();
const indexPath = resolve(library, 'src/index.ts');
const index = program.getSourceFile(indexPath);
const byName = (a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }) || a.localeCompare(b);

/** A name exported for its value (a class, a const, a schema with a type of the same name) or only as a type. */
function isValue(symbol) {
  const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  return (target.flags & ts.SymbolFlags.Value) !== 0;
}

function render(keyword, names, from) {
  if (names.length === 0) return [];
  const line = `export ${keyword}{ ${names.join(', ')} } from '${from}';`;
  return line.length <= 120 ? [line] : [`export ${keyword}{`, ...names.map((name) => `  ${name},`), `} from '${from}';`];
}

const lines = [];
for (const statement of index.statements) {
  if (!ts.isExportDeclaration(statement) || !statement.moduleSpecifier || statement.exportClause) {
    lines.push(statement.getFullText(index).replace(/^\n+/, ''));
    continue;
  }
  const exported = checker.getExportsOfModule(checker.getSymbolAtLocation(statement.moduleSpecifier));
  const values = exported.filter(isValue).map((symbol) => symbol.getName());
  const types = exported.filter((symbol) => !isValue(symbol)).map((symbol) => symbol.getName());
  const from = statement.moduleSpecifier.text;
  lines.push(...render('', values.sort(byName), from), ...render('type ', types.sort(byName), from));
}
writeFileSync(indexPath, `${lines.join('\n')}\n`);
