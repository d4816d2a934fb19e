/**
 * The parameter form, generated from the scenario's JSON Schema (GET /v1/schema) for the fields the chosen scenario
 * has: numbers, switches, choices and lists, grouped per vehicle and per block (stage mix, tickets, 补转投, 容错,
 * 让利, 熔断, …). The schema gives each input its kind, range, default and description; the API alone decides what
 * is valid (its 400 issues are shown next to the field they name — see `showIssues`).
 */
import { el } from "./dom.js";
import { choiceName, fieldName, t } from "./i18n.js";
import { formatPath, issueFieldPath } from "./scenario.js";

/** Blocks open when the form is first drawn; the rest start folded. */
const OPEN = new Set([
  "general",
  "basics",
  "deal_flow",
  "tickets",
  "conversion",
  "tolerance",
  "concession",
  "subfunds",
  "compensation",
  "circuit_breaker",
  "replenishment",
  "limits",
]);
/** Keys never edited in the form (identity and structure; the text view has them). */
const SKIP = new Set(["kind", "id", "changes", "sweep", "run"]);
/** In list items the name also titles the item; renaming a stage is a structural edit for the text view. */
const ITEM_SKIP = new Set([...SKIP, "name"]);

let uid = 0;

const UNITS = { 亿: 1e8, 万: 1e4, 千: 1e3, k: 1e3, K: 1e3, M: 1e6, B: 1e9 };

/**
 * A number as people type it: "40%" → 0.4, "20亿" → 2e9, "500万" → 5e6, "2B" / "300M" / "15k", "¥1,000,000",
 * "1.5e9"; null when it is not a number. Results are rounded to 12 significant digits so "0.07%" is 0.0007, not
 * 0.0007000000000000001.
 */
export function parseAmount(raw) {
  const s = String(raw)
    .trim()
    .replace(/[,_\s]/g, "")
    .replace(/^[¥￥]/, "")
    .replace(/元$/, "");
  if (s === "") return null;
  const m = /^([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)(%|亿|万|千|k|K|M|B)?$/i.exec(s);
  if (!m) return null;
  const x = Number(m[1]);
  if (!Number.isFinite(x)) return null;
  const factor = m[2] === "%" ? 0.01 : m[2] ? (UNITS[m[2]] ?? UNITS[m[2].toUpperCase()]) : 1;
  return Number((x * factor).toPrecision(12));
}

/** What a typed number was read as: "= 0.4 (40%)", "= 2,000,000,000 (≈ 20.00 亿元)"; "" when typed plainly. */
export function echoText(raw, value, lang) {
  if (typeof value !== "number") return "";
  const plain =
    String(raw)
      .trim()
      .replace(/[,_\s]/g, "") === String(value);
  const parts = [];
  if (/%/.test(raw) || (!plain && Math.abs(value) < 1 && value !== 0))
    parts.push(`${Number((value * 100).toPrecision(10))}%`);
  const money = moneyHint(value, lang);
  if (money) parts.push(money);
  if (plain && parts.length === 0) return "";
  return (
    t("form.echo", { value: value.toLocaleString("en-US", { maximumFractionDigits: 10 }) }) +
    (parts.length ? ` (${parts.join(", ")})` : "")
  );
}

/** A rough money hint beside yuan inputs (display only; results are formatted by the server). */
function moneyHint(v, lang) {
  if (typeof v !== "number" || !Number.isFinite(v) || Math.abs(v) < 1e4) return "";
  if (lang === "zh") return Math.abs(v) >= 1e8 ? `≈ ${(v / 1e8).toFixed(2)} 亿元` : `≈ ${(v / 1e4).toFixed(1)} 万元`;
  return Math.abs(v) >= 1e9 ? `≈ ¥${(v / 1e9).toFixed(2)} B` : `≈ ¥${(v / 1e6).toFixed(2)} M`;
}

/** The schema's bounds as "0 ≤ x < 1" (bounds that only guard against absurd numbers are left out). */
function rangeText(s) {
  const lo = s.minimum ?? s.exclusiveMinimum;
  const hi = s.maximum ?? s.exclusiveMaximum;
  const shown = (x) => x !== undefined && Math.abs(x) < 1e12;
  const parts = [];
  if (shown(lo)) parts.push(`${lo} ${s.exclusiveMinimum !== undefined ? "<" : "≤"}`);
  if (shown(lo) || shown(hi)) parts.push("x");
  if (shown(hi)) parts.push(`${s.exclusiveMaximum !== undefined ? "<" : "≤"} ${hi}`);
  return parts.length > 1 ? parts.join(" ") : "";
}

/** A field's name from its path: the last key, told apart by the nearest named parent (`conversion.exit`). */
function nameOf(keys) {
  const key = keys.at(-1);
  const parents = keys.slice(0, -1).filter((k) => typeof k === "string");
  if (typeof key === "number") return `${fieldName(parents.at(-1) ?? "")} ${key + 1}`;
  return fieldName(key, parents.at(-1));
}

/** `base_2`, `base_3`, … (stage names are identifiers; ids take `-`): the first name no item of `list` has. */
function uniqueName(base, list, key, n) {
  const sep = key === "name" ? "_" : "-";
  const stem = base.replace(/[-_]\d+$/, "");
  const taken = new Set(list.map((x) => x?.[key]));
  for (let i = n; ; i++) if (!taken.has(`${stem}${sep}${i}`)) return `${stem}${sep}${i}`;
}

export class ParamForm {
  /**
   * @param root element receiving the fields
   * @param issuesBox element for issues that name no field
   * @param onEdit called with (keys, value | undefined) after a field edit, and with (null) after a structural one
   */
  constructor(root, issuesBox, onEdit, getLang) {
    this.root = root;
    this.issuesBox = issuesBox;
    this.onEdit = onEdit;
    this.getLang = getLang;
    this.schema = null;
    this.open = new Map();
    this.numeric = [];
  }

  setSchema(schema) {
    this.schema = schema;
  }

  deref(node) {
    let n = node;
    while (n?.$ref) n = this.schema.$defs?.[n.$ref.split("/").pop()];
    return n ?? {};
  }

  /** Concrete alternatives of a node (nested oneOf/anyOf flattened). */
  branches(node) {
    const n = this.deref(node);
    const alts = n.oneOf ?? n.anyOf;
    return alts ? alts.flatMap((b) => this.branches(b)) : [n];
  }

  discriminator(branch) {
    for (const [k, p] of Object.entries(branch.properties ?? {})) if (p.const !== undefined) return k;
    return null;
  }

  /** The alternative that describes `value`. */
  pick(node, value) {
    const list = this.branches(node);
    if (list.length === 1) return list[0];
    if (value === null || value === undefined) return null;
    if (Array.isArray(value)) return list.find((b) => b.type === "array") ?? null;
    if (typeof value === "object") {
      const objs = list.filter((b) => b.type === "object");
      const hit = objs.find((b) => {
        const d = this.discriminator(b);
        return d !== null && value[d] === b.properties[d].const;
      });
      return hit ?? (objs.length === 1 ? objs[0] : null);
    }
    if (typeof value === "number") return list.find((b) => b.type === "number" || b.type === "integer") ?? null;
    if (typeof value === "boolean") return list.find((b) => b.type === "boolean") ?? null;
    return list.find((b) => b.type === "string") ?? null;
  }

  /** Redraws every field from the document. */
  render(sdoc) {
    this.sdoc = sdoc;
    this.numeric = [];
    this.root.replaceChildren();
    if (!this.schema) return;
    const value = sdoc.toJS();
    const top = this.schema;
    const general = this.group(["general"], t("scenario.general"));
    for (const key of ["name", "horizon_years", "macro"]) {
      const s = top.properties?.[key];
      if (s) this.field(general.body, [key], s, value[key]);
    }
    this.root.append(general.box);
    general.body.append(this.shockButton(value));
    for (const [i, v] of (value.vehicles ?? []).entries()) this.root.append(this.vehicle(v, i));
    for (const key of ["targets", "changes"]) {
      const list = Array.isArray(value[key]) ? value[key] : [];
      const g = this.group([key], fieldName(key), "general");
      if (list.length > 0) this.field(g.body, [key], top.properties[key], list);
      else g.body.append(this.firstItemButton(key, value));
      this.root.append(g.box);
    }
  }

  /** The first target or rule change of a scenario that has none (later ones copy the last). */
  firstItemButton(key, value) {
    const v = value.vehicles?.[0] ?? {};
    const field = { risk_pool: "compensation.pool_share", angel_fof: "subfunds.share" }[v.kind] ?? "reserves";
    const metric = v.kind === "risk_pool" ? "pool_exhausted" : "tolerance_breach";
    const item =
      key === "targets"
        ? { metric: `${v.id ?? "fund"}.${metric}.mean`, op: "<=", value: 0.1 }
        : { year: Math.min(3, value.horizon_years ?? 3), set: { [`${v.id ?? "fund"}.${field}`]: 0.3 } };
    const b = el("button", { type: "button", class: "add", "data-action": "add", "data-path": key });
    b.textContent = `+ ${t(key === "targets" ? "form.addTarget" : "form.addChange")}`;
    b.addEventListener("click", () => {
      this.sdoc.set([key], [item]);
      this.onEdit(null);
    });
    return b;
  }

  /** A stress year (macro.shocks: a fixed bad factor value) in the first year without one. */
  shockButton(value) {
    const shocks = value.macro?.shocks ?? {};
    const b = el("button", { type: "button", class: "add", "data-action": "add", "data-path": "macro.shocks" });
    b.textContent = `+ ${t("form.addShock")}`;
    b.addEventListener("click", () => {
      let year = 2;
      while (String(year) in shocks) year++;
      this.sdoc.set(["macro", "shocks", String(year)], -2);
      this.onEdit(null);
    });
    return b;
  }

  vehicle(v, i) {
    const keys = ["vehicles", i];
    const s = this.pick(this.schema.properties.vehicles.items, v);
    const box = el("fieldset", { class: "vehicle", "data-group-path": formatPath(keys) });
    box.append(el("legend", { text: `${v?.id ?? i} · ${v?.kind ?? "?"}` }));
    if (s?.description) box.append(el("p", { class: "hint", text: s.description }));
    if (!s || typeof v !== "object") return box;
    const basics = this.group([...keys, "basics"], t("scenario.params"), "basics");
    const blocks = [];
    for (const [key, ps] of Object.entries(s.properties ?? {})) {
      if (SKIP.has(key)) continue;
      const p = this.deref(ps);
      const union = (p.oneOf || p.anyOf) && typeof (v[key] ?? p.default) === "object";
      const isBlock = p.type === "object" || p.type === "array" || union;
      if (!isBlock) this.field(basics.body, [...keys, key], ps, v[key]);
      else if (v[key] !== undefined || p.default !== undefined || p.type === "object") {
        const g = this.group([...keys, key], nameOf([...keys, key]), key);
        this.field(g.body, [...keys, key], ps, v[key], true);
        if (g.body.childElementCount > 0) blocks.push(g.box);
      }
    }
    box.append(basics.box, ...blocks);
    return box;
  }

  group(keys, title, kind = keys[0]) {
    const path = formatPath(keys);
    const box = el("details", { class: "group", "data-group-path": path });
    box.open = this.open.get(path) ?? OPEN.has(kind);
    box.addEventListener("toggle", () => this.open.set(path, box.open));
    const body = el("div", { class: "group-body" });
    box.append(el("summary", { text: title }), el("div", { class: "group-issues", role: "alert" }), body);
    return { box, body };
  }

  /** Adds the input(s) for one field (recursing into objects, records, lists and distributions). */
  field(parent, keys, schemaNode, value, isBlockRoot = false) {
    const node = this.deref(schemaNode);
    const alts = node.oneOf ?? node.anyOf;
    if (alts) {
      const b = this.pick(node, value ?? node.default);
      if (!b) return;
      const d = b.type === "object" ? this.discriminator(b) : null;
      if (d) return this.union(parent, keys, node, b, d, value ?? node.default, isBlockRoot);
      // A plain number where a distribution may stand: the distribution's long description would only distract.
      const isDistribution = this.branches(node).some((x) => x.properties?.dist);
      const description = b.description ?? (isDistribution ? undefined : node.description);
      return this.field(parent, keys, { ...b, description }, value);
    }
    if (node.type === "object") return this.object(parent, keys, node, value, isBlockRoot);
    if (node.type === "array") return this.array(parent, keys, node, value);
    if (node.const !== undefined) return;
    this.input(parent, keys, node, value);
  }

  object(parent, keys, node, value, isBlockRoot, skip = SKIP) {
    const obj = value && typeof value === "object" ? value : (node.default ?? {});
    const target = isBlockRoot ? parent : el("fieldset", { class: "sub", "data-group-path": formatPath(keys) });
    if (!isBlockRoot) target.append(el("legend", { text: nameOf(keys) }));
    const props = Object.entries(node.properties ?? {});
    for (const [k, ps] of props) {
      if (skip.has(k)) continue;
      const p = this.deref(ps);
      if ((p.oneOf || p.anyOf) && obj[k] === undefined && p.default === undefined) continue;
      this.field(target, [...keys, k], ps, obj[k]);
    }
    const extra = node.additionalProperties;
    if (extra && typeof extra === "object")
      for (const [k, v] of Object.entries(obj)) if (!node.properties?.[k]) this.field(target, [...keys, k], extra, v);
    if (keys.at(-1) === "entry_mix") target.append(this.mixTotal(keys, obj));
    if (!isBlockRoot && target.childElementCount > 1) parent.append(target);
  }

  array(parent, keys, node, value) {
    const items = this.deref(node.items ?? {});
    if (items.type === "string") return this.input(parent, keys, { ...node, type: "list" }, value);
    if (!Array.isArray(value)) return;
    const what = nameOf(keys);
    value.forEach((item, i) => {
      if (items.type === "number" || items.type === "integer") {
        this.input(parent, [...keys, i], items, item);
        return;
      }
      const title = item?.name ?? item?.id ?? item?.metric ?? (item?.year !== undefined ? `${item.year}` : `${i + 1}`);
      const box = el("fieldset", { class: "sub item", "data-group-path": formatPath([...keys, i]) });
      const remove = el("button", {
        type: "button",
        class: "link remove",
        "data-action": "remove",
        "aria-label": `${t("form.remove", { what })} ${fieldName(title)}`,
        text: "✕",
      });
      remove.addEventListener("click", () => {
        this.sdoc.delete([...keys, i]);
        this.onEdit(null);
      });
      box.append(el("legend", {}, `${what} · ${fieldName(title)} `, remove));
      const b = this.pick(items, item) ?? items;
      this.object(box, [...keys, i], b, item, true, ITEM_SKIP);
      parent.append(box);
    });
    if (items.type === "object" || items.oneOf || items.anyOf) parent.append(this.addButton(keys, value, what));
  }

  /** "Add a stage / bank / loan segment / target": a copy of the last item with a fresh name or id. */
  addButton(keys, value, what) {
    const add = el("button", { type: "button", class: "add", "data-action": "add", "data-path": formatPath(keys) });
    add.textContent = `+ ${t("form.add", { what })}`;
    add.addEventListener("click", () => {
      const last = value.at(-1);
      const item = last === undefined ? {} : structuredClone(last);
      const n = value.length + 1;
      if (typeof item.name === "string") item.name = uniqueName(item.name, value, "name", n);
      if (typeof item.id === "string") item.id = uniqueName(item.id, value, "id", n);
      this.sdoc.set([...keys, value.length], item);
      this.onEdit(null);
    });
    return add;
  }

  /** The stage mix's total, kept up to date as its weights are edited (they must sum to 100%). */
  mixTotal(keys, obj) {
    const p = el("p", { class: "mix-total", "data-mix-total": formatPath(keys), role: "status" });
    this.fillMixTotal(p, obj);
    return p;
  }

  fillMixTotal(p, obj) {
    const total = Object.values(obj ?? {}).reduce((a, v) => a + (typeof v === "number" ? v : Number.NaN), 0);
    const ok = Math.abs(total - 1) < 1e-9;
    const shown = Number.isFinite(total) ? `${Number((total * 100).toPrecision(6))}%` : "—";
    p.textContent = t("form.mixTotal", { total: shown }) + (ok ? " ✓" : ` — ${t("form.mixBad")}`);
    p.classList.toggle("bad", !ok);
  }

  /** A union with a discriminator (让利 mode, a distribution's `dist`): a choice, then the branch's fields. */
  union(parent, keys, node, branch, d, value, isBlockRoot) {
    const box = isBlockRoot ? parent : el("fieldset", { class: "sub", "data-group-path": formatPath(keys) });
    if (!isBlockRoot) box.append(el("legend", { text: nameOf(keys) }));
    const options = this.branches(node)
      .filter((b) => b.type === "object" && b.properties?.[d]?.const !== undefined)
      .map((b) => b.properties[d].const);
    const id = `f${++uid}`;
    const select = el("select", { id, "data-path": formatPath([...keys, d]), "data-kind": "choice" });
    for (const o of options) select.append(el("option", { value: o, text: choiceName(o) }));
    select.value = branch.properties[d].const;
    select.addEventListener("change", () => {
      const next = this.branches(node).find((b) => b.properties?.[d]?.const === select.value);
      const fresh = { [d]: select.value };
      for (const [k, p] of Object.entries(next?.properties ?? {}))
        if (k !== d && this.deref(p).default !== undefined) fresh[k] = this.deref(p).default;
      this.sdoc.set(keys, fresh);
      this.onEdit(null);
    });
    // A distribution's description lists every kind; the choice itself says it.
    box.append(this.row(id, nameOf([...keys, d]), select, d === "dist" ? "" : node.description));
    const obj = value && typeof value === "object" ? value : {};
    const required = new Set(branch.required ?? []);
    for (const [k, ps] of Object.entries(branch.properties ?? {})) {
      // Alternatives of a branch (lognormal by mean and sd, a tail) appear only when used; the text view adds them.
      const optional = !required.has(k) && this.deref(ps).default === undefined;
      if (k !== d && !(optional && obj[k] === undefined)) this.field(box, [...keys, k], ps, obj[k]);
    }
    if (!isBlockRoot) parent.append(box);
  }

  row(id, label, control, hintText) {
    const err = el("p", { class: "field-error", id: `${id}-err`, role: "alert" });
    const echo = el("small", { class: "echo", id: `${id}-echo`, "aria-live": "polite" });
    control.setAttribute("aria-describedby", `${id}-echo ${id}-hint ${id}-err`);
    const hint = el("small", { class: "hint", id: `${id}-hint`, text: hintText ?? "" });
    return el("div", { class: "field" }, el("label", { for: id, text: label }), control, echo, hint, err);
  }

  input(parent, keys, s, value) {
    const id = `f${++uid}`;
    const path = formatPath(keys);
    const lang = this.getLang();
    const hints = [];
    if (s.description) hints.push(s.description);
    let control;
    if (s.type === "boolean") {
      control = el("input", { type: "checkbox", id, "data-path": path, "data-kind": "boolean" });
      control.checked = Boolean(value ?? s.default);
    } else if (s.enum) {
      control = el("select", { id, "data-path": path, "data-kind": "choice" });
      if (value === undefined) control.append(el("option", { value: "", text: s.default ? `(${s.default})` : "—" }));
      for (const o of s.enum) control.append(el("option", { value: o, text: choiceName(o) }));
      control.value = value ?? "";
    } else {
      const kind =
        s.type === "number" || s.type === "integer"
          ? "number"
          : s.type === "list"
            ? "list"
            : s.type === undefined && !s.enum
              ? "any"
              : "text";
      const shown = Array.isArray(value)
        ? value.join(", ")
        : value === undefined || value === null
          ? ""
          : String(value);
      control = el("input", {
        type: "text",
        id,
        "data-path": path,
        "data-kind": kind,
        inputmode: kind === "number" ? (s.type === "integer" ? "numeric" : "decimal") : undefined,
        autocomplete: "off",
        spellcheck: "false",
        placeholder: s.default !== undefined && typeof s.default !== "object" ? String(s.default) : undefined,
      });
      control.value = shown;
      if (kind === "number") {
        const range = rangeText(s);
        if (range) hints.push(t("form.range", { range }));
        const hi = s.maximum ?? s.exclusiveMaximum;
        if (s.type === "number" && hi !== undefined && hi <= 1) hints.push(t("form.pctHint"));
        else if (moneyHint(value, lang)) hints.push(t("form.moneyTypeHint"));
        this.numeric.push({ keys, path, label: `${path}` });
        const money = moneyHint(value, lang);
        if (money) hints.push(money);
      }
      if (kind === "list") hints.push(t("form.listHint"));
    }
    const label = nameOf(keys);
    control.addEventListener(control.type === "checkbox" || control.tagName === "SELECT" ? "change" : "input", () =>
      this.edit(keys, control),
    );
    parent.append(this.row(id, label, control, hints.join(" · ")));
  }

  edit(keys, control) {
    const kind = control.dataset.kind;
    let value;
    if (kind === "boolean") value = control.checked;
    else {
      const raw = control.value.trim();
      if (raw === "") value = undefined;
      else if (kind === "number" || kind === "any") {
        const n = parseAmount(raw);
        value = n ?? raw;
        const echo = document.getElementById(`${control.id}-echo`);
        if (echo) echo.textContent = n === null ? "" : echoText(raw, n, this.getLang());
      } else if (kind === "list")
        value = raw
          .split(",")
          .map((x) => x.trim())
          .filter(Boolean);
      else value = raw;
    }
    if (value === undefined) this.sdoc.delete(keys);
    else this.sdoc.set(keys, value);
    const mix = keys.indexOf("entry_mix");
    if (mix >= 0) {
      const mixKeys = keys.slice(0, mix + 1);
      const p = this.root.querySelector(`[data-mix-total="${CSS.escape(formatPath(mixKeys))}"]`);
      if (p) this.fillMixTotal(p, this.sdoc.get(mixKeys));
    }
    this.onEdit(keys, value);
  }

  /** Marks issues next to their fields; the rest go into the box at the top of the form. Returns the count. */
  showIssues(given) {
    this.clearIssues();
    // Float noise ("sum to 0.7999999999999999") rounded; the same message for the same field shown once.
    const seen = new Set();
    const issues = given
      .map((i) => ({
        ...i,
        message: String(i.message).replace(/\d+\.\d{7,}/g, (x) => String(Number(Number(x).toPrecision(6)))),
      }))
      .filter((i) => {
        const key = `${i.path}\u0000${i.message}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    const unmatched = [];
    for (const issue of issues) {
      const path = issueFieldPath(issue.path);
      const input = path ? document.querySelector(`[data-path="${CSS.escape(path)}"]`) : null;
      if (input) {
        const err = document.getElementById(`${input.id}-err`);
        if (err) err.textContent = err.textContent ? `${err.textContent}; ${issue.message}` : issue.message;
        input.setAttribute("aria-invalid", "true");
        input.closest(".field")?.classList.add("invalid");
        this.reveal(input);
        continue;
      }
      const group = this.nearestGroup(path);
      if (group) {
        const box = group.querySelector(":scope > .group-issues") ?? group;
        box.append(el("p", { class: "field-error", text: `${issue.path}: ${issue.message}` }));
        this.reveal(group);
        continue;
      }
      unmatched.push(issue);
    }
    if (issues.length > 0) {
      this.issuesBox.hidden = false;
      this.issuesBox.append(el("p", { class: "issues-title", text: t("form.problems", { n: issues.length }) }));
      if (unmatched.length > 0) {
        this.issuesBox.append(el("p", { text: t("form.unmatched") }));
        const ul = el("ul");
        for (const i of unmatched) ul.append(el("li", {}, el("code", { text: i.path || "—" }), ` ${i.message}`));
        this.issuesBox.append(ul);
      }
    }
    return issues.length;
  }

  nearestGroup(path) {
    let p = path;
    while (p) {
      const g = this.root.querySelector(`[data-group-path="${CSS.escape(p)}"]`);
      if (g) return g;
      const next = p.replace(/(\.[A-Za-z_]\w*|\[[^\]]*\])$/, "");
      if (next === p) break;
      p = next;
    }
    return null;
  }

  reveal(node) {
    for (let d = node.closest("details"); d; d = d.parentElement?.closest("details") ?? null) d.open = true;
  }

  clearIssues() {
    this.issuesBox.replaceChildren();
    this.issuesBox.hidden = true;
    for (const e of document.querySelectorAll(".field-error")) if (e.id) e.textContent = "";
    for (const e of this.root.querySelectorAll(".group-issues")) e.replaceChildren();
    for (const e of document.querySelectorAll("[aria-invalid]")) e.removeAttribute("aria-invalid");
    for (const e of document.querySelectorAll(".field.invalid")) e.classList.remove("invalid");
  }

  /** The first input marked invalid (to move focus there). */
  firstInvalid() {
    return document.querySelector('[aria-invalid="true"]');
  }
}
