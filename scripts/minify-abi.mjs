#!/usr/bin/env node
// Short names for the wasm module's imports and exports (`./run build`, after wasm-opt -Oz):
//   node scripts/minify-abi.mjs pkg/pcc_spc
//
// Why: wasm-bindgen names every import after the Web API it calls plus a hash
// (`__wbg_getBoundingClientRect_329ca748ec918b0c`), and every name is stored twice, in the
// .wasm's import section and in the glue's import object. For the chart module's ~100 imports
// that is ~3.5 KiB of the gzip download for names nobody reads. binaryen's
// `--minify-imports-and-exports-and-modules` renames them (`a`, `b`, … `Za`) and prints the
// mapping; this script applies the same mapping to the wasm-bindgen glue (NAME.js) and to the
// two .d.ts files that describe the raw module, so glue and module stay one pair.
//
// It refuses (exit 1, naming the name) rather than guess: a glue line whose import key or
// `wasm.` export it cannot map means wasm-bindgen's output changed shape, and a module that
// would fail at instantiation must not be shipped.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const base = process.argv[2];
if (!base) {
  console.error('usage: node scripts/minify-abi.mjs pkg/NAME (pkg/NAME_bg.wasm and pkg/NAME.js)');
  process.exit(2);
}
const wasmFile = `${base}_bg.wasm`;
const glueFile = `${base}.js`;
const fail = (message) => {
  console.error(`minify-abi: ${message}`);
  process.exit(1);
};

// The same features as ./run build's wasm-opt call: this pass must not lower anything.
const FEATURES = ['--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
  '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue'];
const out = execFileSync(path.join(ROOT, 'node_modules/.bin/wasm-opt'),
  [wasmFile, '--minify-imports-and-exports-and-modules', ...FEATURES, '-o', wasmFile], { encoding: 'utf8' });
let map;
try {
  map = JSON.parse(out.slice(out.indexOf('{')));
} catch (e) {
  fail(`wasm-opt printed no name mapping for ${wasmFile}: ${e.message}`);
}
const imports = new Map(map.imports.map(([, name, short]) => [name, short]));
const exports = new Map(map.exports);

// The mapping gives the imports' old module name; the new one (the module is renamed too) is
// read off the wasm's import section. wasm-bindgen's imports all come from one module.
const oldModules = [...new Set(map.imports.map(([module]) => module))];
const newModules = importModules(fs.readFileSync(wasmFile));
if (newModules.size !== 1) fail(`${wasmFile} imports from ${newModules.size} modules; expected one (wasm-bindgen's)`);
const [newModule] = newModules;

let glue = fs.readFileSync(glueFile, 'utf8');
if (oldModules.length !== 1) fail(`the mapping names ${oldModules.length} import modules; expected one`);
const moduleKey = JSON.stringify(oldModules[0]);
if (!glue.includes(`${moduleKey}: import0`)) fail(`${glueFile} has no ${moduleKey}: import0 (wasm-bindgen's import object changed shape)`);
glue = glue.replace(`${moduleKey}: import0`, `${JSON.stringify(newModule)}: import0`);

// Import object keys: `        __wbg_…: function(` inside __wbg_get_imports.
let seen = 0;
glue = glue.replace(/^(\s+)([A-Za-z_$][\w$]*): function\(/gm, (line, indent, name) => {
  const short = imports.get(name);
  if (short === undefined) return line; // a method of a class, not an import
  seen++;
  return `${indent}${JSON.stringify(short)}: function(`;
});
if (seen !== imports.size) fail(`${glueFile} provides ${seen} of the module's ${imports.size} imports under their wasm-bindgen names`);

// Export uses: `wasm.name`.
glue = glue.replace(/\bwasm\.([A-Za-z_$][\w$]*)/g, (_, name) => {
  const short = exports.get(name);
  if (short === undefined) fail(`${glueFile} uses wasm.${name}, which the module does not export`);
  return `wasm[${JSON.stringify(short)}]`;
});
fs.writeFileSync(glueFile, glue);

// The .d.ts files describing the raw exports: InitOutput's members (quoted keys are valid
// TypeScript) and NAME_bg.wasm.d.ts's `export const`s (identifiers there: binaryen's names
// are letters, `$` and `_`, so only a reserved word could clash, and that is refused).
const RESERVED = new Set(['do', 'if', 'in', 'for', 'let', 'new', 'try', 'var', 'case', 'else', 'enum', 'eval', 'null', 'this', 'true', 'void', 'with']);
const renameDecls = (file, pattern, quote) => {
  if (!fs.existsSync(file)) return;
  const text = fs.readFileSync(file, 'utf8').replace(pattern, (line, head, name) => {
    const short = exports.get(name);
    if (short === undefined) return line;
    if (!quote && RESERVED.has(short)) fail(`export ${name} became ${short}, a reserved word, in ${file}`);
    return `${head}${quote ? JSON.stringify(short) : short}:`;
  });
  fs.writeFileSync(file, text);
};
renameDecls(`${base}.d.ts`, /^(\s+readonly )([A-Za-z_$][\w$]*):/gm, true);
renameDecls(`${base}_bg.wasm.d.ts`, /^(export const )([A-Za-z_$][\w$]*):/gm, false);
console.log(`minify-abi: ${path.basename(wasmFile)}: ${imports.size} imports and ${exports.size} exports renamed`);

/** The distinct module names of a wasm binary's imports. */
function importModules(bytes) {
  let i = 8;
  const leb = () => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[i++];
      result += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (b < 0x80) return result;
    }
  };
  const name = () => {
    const n = leb();
    const s = new TextDecoder().decode(bytes.subarray(i, i + n));
    i += n;
    return s;
  };
  const names = new Set();
  while (i < bytes.length) {
    const id = bytes[i++];
    const size = leb();
    const end = i + size;
    if (id === 2) {
      for (let k = leb(); k > 0; k--) {
        names.add(name());
        name();
        const kind = bytes[i++];
        if (kind === 0) leb();
        else if (kind === 1) { i++; const f = leb(); leb(); if (f & 1) leb(); }
        else if (kind === 2) { const f = leb(); leb(); if (f & 1) leb(); }
        else if (kind === 3) { i += 2; }
        else if (kind === 4) { i++; leb(); }
        else fail(`unknown import kind ${kind} in ${wasmFile}`);
      }
      return names;
    }
    i = end;
  }
  return names;
}
