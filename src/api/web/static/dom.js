/** DOM helpers shared by the workbench's modules. */

/** The element with this id. */
export const $ = (id) => document.getElementById(id);

/**
 * A new element: `attrs` sets attributes (`class`, `text` for textContent; true ⇒ present, false/null/undefined ⇒
 * left out), `children` are appended (null and undefined skipped).
 */
export const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else e.setAttribute(k, v === true ? "" : String(v));
  }
  e.append(...children.filter((c) => c !== null && c !== undefined));
  return e;
};
