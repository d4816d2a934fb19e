/**
 * The scenario being edited, held as a YAML document (the `yaml` package's browser build) so that edits from the
 * form keep the file's comments and layout; the text view shows it as YAML or JSON. Field paths are key lists
 * (`["vehicles", 0, "reserves"]`) and print like the API's issue paths (`vehicles[0].reserves`).
 */
import * as YAML from "/workbench/vendor/yaml/index.js";

/** Same rules as src/scenario/issues.ts formatPath. */
export function formatPath(keys) {
  let out = "";
  for (const k of keys) {
    if (typeof k === "number") out += `[${k}]`;
    else if (/^[A-Za-z_]\w*$/.test(k)) out += out ? `.${k}` : k;
    else out += `[${JSON.stringify(String(k))}]`;
  }
  return out;
}

/**
 * An API issue path → the path of the field in the scenario: `scenario.vehicles[0] (fund).reserves` →
 * `vehicles[0].reserves`. Request-level paths (`paths`, `seed`) stay as they are.
 */
export function issueFieldPath(path) {
  return String(path)
    .replace(/^scenario(\.|$)/, "")
    .replace(/\[(\d+)\] \([^)]*\)/g, "[$1]");
}

export class ScenarioDoc {
  constructor(doc, origin) {
    this.doc = doc;
    /** Where it came from: {kind: "shipped"|"file"|"run"|"text", name}. */
    this.origin = origin;
  }

  static fromText(text, origin) {
    const doc = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    if (doc.errors.length > 0) throw new Error(doc.errors[0].message);
    const value = doc.toJS();
    if (value === null || typeof value !== "object" || Array.isArray(value))
      throw new Error("a scenario is a mapping of fields (name, vehicles, …)");
    return new ScenarioDoc(doc, origin);
  }

  static fromObject(obj, origin) {
    return new ScenarioDoc(new YAML.Document(obj), origin);
  }

  toJS() {
    return this.doc.toJS();
  }

  get(keys) {
    const v = this.doc.getIn(keys, false);
    return YAML.isNode(v) ? v.toJSON() : v;
  }

  has(keys) {
    return this.doc.hasIn(keys);
  }

  set(keys, value) {
    this.doc.setIn(keys, value);
  }

  delete(keys) {
    this.doc.deleteIn(keys);
  }

  toYaml() {
    return this.doc.toString({ lineWidth: 0 });
  }

  toJson() {
    return `${JSON.stringify(this.toJS(), null, 2)}\n`;
  }

  name() {
    const n = this.get(["name"]);
    return typeof n === "string" && n ? n : "scenario";
  }
}

/** A file chosen by the user → a scenario document (YAML or JSON). */
export async function readFile(file) {
  const text = await file.text();
  return ScenarioDoc.fromText(text, { kind: "file", name: file.name });
}

/** Offers text as a file download. */
export function download(text, filename, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
