// Validates Kubernetes manifests offline, as kubeconform -strict would:
//   1. each object against the Kubernetes OpenAPI schema of its apiVersion and kind (kubernetes-models ships them
//      compiled to ajv validators: types, required fields, enums, formats), and
//   2. against the same models' TypeScript types, because those schemas leave objects open: a misspelt or misplaced
//      field ("readinesProbe", "image" under the pod spec) passes them silently. TypeScript's excess-property check
//      names it.
// An object of a kind neither package knows is an error, not a skip.
//   node validate-manifests.mjs FILE...      (YAML, any number of documents a file)
import { readFileSync, mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { dirname, join, basename } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import ts from "typescript";

const here = dirname(fileURLToPath(import.meta.url));
const packages = ["kubernetes-models", "@kubernetes-models/prometheus-operator"];

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node validate-manifests.mjs FILE...");
  process.exit(2);
}

const problems = [];
const objects = [];
for (const file of files) {
  for (const document of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (document.errors.length > 0) {
      problems.push(`${file}: not valid YAML: ${document.errors[0].message}`);
      continue;
    }
    const object = document.toJS();
    if (object === null || object === undefined) {
      continue;
    }
    const name = `${file}: ${object.kind ?? "?"}/${object.metadata?.name ?? "?"}`;
    if (typeof object.apiVersion !== "string" || typeof object.kind !== "string") {
      problems.push(`${name}: apiVersion and kind are required`);
      continue;
    }
    const model = await findModel(object.apiVersion, object.kind);
    if (model === null) {
      problems.push(`${name}: no schema for ${object.apiVersion} ${object.kind}`);
      continue;
    }
    try {
      new model.Model(object).validate();
    } catch (error) {
      problems.push(`${name}: ${error.message}`);
    }
    objects.push({ name, object, module: model.module });
  }
}
problems.push(...typeCheck(objects));

for (const problem of problems) {
  console.error(problem);
}
console.log(`${objects.length} objects in ${files.length} files: ${problems.length === 0 ? "valid" : `${problems.length} problems`}`);
process.exit(problems.length === 0 ? 0 : 1);

/** The model class of an apiVersion and kind: kubernetes-models/<group>/<version>/<Kind> (core: v1/<Kind>). */
async function findModel(apiVersion, kind) {
  for (const pkg of packages) {
    const module = `${pkg}/${apiVersion}/${kind}`;
    try {
      const exports = await import(module);
      if (exports[kind]) {
        return { Model: exports[kind], module };
      }
    } catch (error) {
      if (error.code !== "ERR_MODULE_NOT_FOUND" && error.code !== "ERR_PACKAGE_PATH_NOT_EXPORTED") {
        throw error;
      }
    }
  }
  return null;
}

/** Each object as a typed constant; TypeScript reports unknown fields and wrong types, by line. */
function typeCheck(objects) {
  if (objects.length === 0) {
    return [];
  }
  // Inside this folder, so the packages in node_modules resolve.
  const directory = mkdtempSync(join(here, ".typecheck-"));
  try {
    const sources = new Map();
    objects.forEach(({ name, object, module }, index) => {
      const file = join(directory, `object${index}.ts`);
      const text = `import type { I${object.kind} } from "${module}";\n` +
        `export const object: I${object.kind} = ${JSON.stringify(object, null, 2)};\n`;
      writeFileSync(file, text);
      sources.set(file, { name, lines: text.split("\n") });
    });
    const program = ts.createProgram([...sources.keys()], {
      noEmit: true,
      strict: true,
      skipLibCheck: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      types: [],
    });
    return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ");
      const source = diagnostic.file && sources.get(diagnostic.file.fileName);
      if (!source) {
        return `${diagnostic.file ? basename(diagnostic.file.fileName) : "typescript"}: ${message}`;
      }
      const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
      return `${source.name}: ${source.lines[line].trim()} — ${message}`;
    });
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
