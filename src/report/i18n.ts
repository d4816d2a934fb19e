/**
 * The report's words in Chinese and English. Both dictionaries have exactly the same keys (the type makes a missing
 * key a compile error; a test checks it at run time too). Policy terms (容错, 补转投, 让利, 熔断) appear in both
 * languages so a reader can match the English report to the Chinese policy texts.
 */

import { labelOf } from "../engine/metric.ts";
import { kindDef } from "../engine/vehicles/index.ts";
import { metricByName } from "../run/catalogue.ts";
import { type Dict, type DictKey, EN } from "./i18n-en.ts";
import { ZH } from "./i18n-zh.ts";

export type { Dict, DictKey };
export const LANGS = ["zh", "en"] as const;
export type Lang = (typeof LANGS)[number];

export const DICTIONARIES: Record<Lang, Dict> = { en: EN, zh: ZH };

/** Looks a word up and fills `{name}` placeholders. */
export function t(lang: Lang, key: DictKey, vars: Record<string, string | number> = {}): string {
  return DICTIONARIES[lang][key].replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

function has(lang: Lang, key: string): key is DictKey {
  return Object.hasOwn(DICTIONARIES[lang], key);
}

export function stageLabel(lang: Lang, stage: string): string {
  const key = `stage.${stage}`;
  return has(lang, key) ? t(lang, key) : stage;
}

/** A metric's display name from the metric catalogue; unknown metrics keep their key so nothing is hidden. */
export function metricLabel(lang: Lang, name: string): string {
  const spec = metricByName(name);
  if (spec) return labelOf(spec, lang, (stage) => stageLabel(lang, stage));
  const key = `metric.${name}`;
  return has(lang, key) ? t(lang, key) : name;
}

export function kindLabel(lang: Lang, kind: string): string {
  return kindDef(kind)?.label[lang] ?? `${t(lang, "kind.unknown")} (${kind})`;
}

/** The report's words with the language bound once: builders take a `Words` instead of threading `lang`. */
export interface Words {
  readonly lang: Lang;
  t(key: DictKey, vars?: Record<string, string | number>): string;
  metric(name: string): string;
  stage(name: string): string;
  kind(kind: string): string;
}

export function wordsFor(lang: Lang): Words {
  return {
    lang,
    t: (key, vars) => t(lang, key, vars),
    metric: (name) => metricLabel(lang, name),
    stage: (name) => stageLabel(lang, name),
    kind: (kind) => kindLabel(lang, kind),
  };
}
