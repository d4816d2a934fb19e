/**
 * Compare and explore: the runs stored by the server (named, pick A and B — by default the two latest different
 * runs of the same scenario), a paired comparison of two runs (POST /v1/compare: the real-unit difference table and
 * the inputs that differ first, the standardised chart after, then both runs' cards side by side), a parameter sweep
 * (POST /v1/sweeps) and pool sizing (POST /v1/size-pool).
 */

import { ApiError, get, pollJob, post } from "./api.js";
import { $, el } from "./dom.js";
import { parseAmount } from "./form.js";
import { lang, t } from "./i18n.js";
import { renderSections } from "./results.js";

/** Headline metric names of each vehicle kind, by rank, from the server's metric catalogue (GET /v1/metrics). */
function headlines(catalogue) {
  return Object.fromEntries(
    Object.entries(catalogue).map(([kind, metrics]) => [
      kind,
      metrics
        .filter((m) => m.headline !== undefined)
        .sort((a, b) => a.headline - b.headline)
        .map((m) => m.name),
    ]),
  );
}

export class Explore {
  /** ctx: {doc(), settings() → {paths, seed}, form, view(), openRun(id), message(text, tone)} */
  constructor(ctx) {
    this.ctx = ctx;
    this.runs = [];
    this.pick = { a: null, b: null };
    /** Set once the user picks A or B by hand: then the defaults no longer move. */
    this.userPicked = false;
    this.headline = {};
    get("/v1/metrics").then(
      (catalogue) => {
        this.headline = headlines(catalogue);
        this.update();
      },
      () => {},
    );
    $("runs-refresh").addEventListener("click", () => this.refresh());
    $("compare-go").addEventListener("click", () => this.compare());
    $("sweep-go").addEventListener("click", () => this.sweep());
    $("pool-go").addEventListener("click", () => this.sizePool());
  }

  async refresh() {
    try {
      const body = await get("/v1/runs");
      this.runs = Array.isArray(body) ? body : (body.runs ?? body.jobs ?? []);
    } catch (e) {
      this.runs = [];
      $("runs-list").replaceChildren(el("p", { class: "field-error", text: e.message }));
      return;
    }
    if (!this.userPicked) this.defaultPick();
    this.drawRuns();
  }

  /** A and B by default: the latest finished run as B, and as A the latest earlier run of the same scenario that
   * differs from it (another content hash), else the latest other run of that scenario, else the one before. */
  defaultPick() {
    const done = this.runs.filter((r) => r.type === "run" && r.status === "done");
    const b = done[0];
    if (!b) return;
    const same = done.slice(1).filter((r) => r.scenario?.name === b.scenario?.name);
    const a = same.find((r) => r.scenario?.hash !== b.scenario?.hash) ?? same[0] ?? done[1];
    this.pick = { a: a?.id ?? null, b: b.id };
  }

  /** Sets A and B (e.g. "duplicate as B"). */
  choose(a, b) {
    this.pick = { a, b };
    this.userPicked = true;
    this.drawPick();
  }

  label(id) {
    const name = this.ctx.names?.()[id];
    const r = this.runs.find((x) => x.id === id);
    return `${name ?? r?.scenario?.name ?? "run"} (${id.slice(0, 8)})`;
  }

  drawRuns() {
    const box = $("runs-list");
    if (this.runs.length === 0) return box.replaceChildren(el("p", { class: "muted", text: t("runs.none") }));
    const head = el("tr");
    for (const k of [
      "runs.a",
      "runs.b",
      "runs.id",
      "runs.type",
      "runs.scenario",
      "run.seed",
      "run.paths",
      "runs.status",
      "runs.created",
    ])
      head.append(el("th", { scope: "col", text: t(k) }));
    const body = el("tbody");
    for (const r of this.runs) {
      const short = r.id.slice(0, 8);
      const radio = (side) => {
        if (r.type !== "run" || r.status !== "done") return el("td");
        const input = el("input", {
          type: "radio",
          name: `pick-${side}`,
          value: r.id,
          "aria-label": t(side === "a" ? "runs.pickA" : "runs.pickB", { id: short }),
        });
        input.checked = this.pick[side] === r.id;
        input.addEventListener("change", () => {
          this.pick[side] = r.id;
          this.userPicked = true;
          this.drawPick();
        });
        return el("td", { class: "pick" }, input);
      };
      const open = el("button", {
        type: "button",
        class: "link",
        "aria-label": t("runs.openLabel", { id: short }),
        text: short,
      });
      open.addEventListener("click", () => this.open(r));
      const when = r.created_at ? new Date(r.created_at).toLocaleString(lang() === "zh" ? "zh-CN" : "en-GB") : "";
      body.append(
        el(
          "tr",
          { class: r.status },
          radio("a"),
          radio("b"),
          el("td", {}, open),
          el("td", { text: t(`kind.${r.type}`) }),
          el("td", {
            text: this.ctx.names?.()[r.id]
              ? `${this.ctx.names()[r.id]} · ${r.scenario?.name ?? ""}`
              : (r.scenario?.name ?? "—"),
          }),
          el("td", { class: "num", text: r.seed ?? "—" }),
          el("td", { class: "num", text: r.paths ?? "—" }),
          el("td", { text: t(`status.${r.status}`) }),
          el("td", { text: when }),
        ),
      );
    }
    box.replaceChildren(
      el("div", { class: "table-wrap" }, el("table", { class: "runs" }, el("thead", {}, head), body)),
    );
    this.drawPick();
  }

  drawPick() {
    const show = (id) => (id ? this.label(id) : "—");
    $("compare-pick").textContent = `A: ${show(this.pick.a)} · B: ${show(this.pick.b)}`;
  }

  async open(job) {
    if (job.type === "run") return this.ctx.openRun(job.id);
    const tab = { sweep: "sweep", compare: "compare", "size-pool": "pool" }[job.type];
    if (!tab || job.status !== "done") return;
    this.ctx.showTab(tab);
    const view = await get(`/v1/runs/${job.id}/charts?lang=${lang()}`);
    const out = $(`${tab}-out`);
    out.replaceChildren();
    await renderSections(out, view.sections);
  }

  busy(button, text, out) {
    button.disabled = true;
    out.replaceChildren(el("p", { class: "muted", role: "status", text }));
    return () => {
      button.disabled = false;
    };
  }

  fail(out, e) {
    const lines = [e.message, ...(e.issues ?? []).map((i) => `${i.path}: ${i.message}`)];
    out.replaceChildren(...lines.map((l) => el("p", { class: "field-error", role: "alert", text: l })));
  }

  /** Submits a job, follows it in `out`, and draws its charts. */
  async job(route, body, out, note) {
    const acc = await post(route, body);
    const status = el("p", { class: "muted", role: "status" });
    out.replaceChildren(status);
    const job = await pollJob(acc.id, (j) => {
      status.textContent = `${t(`status.${j.status}`)} ${Math.round((j.progress ?? 0) * 100)}%`;
    });
    if (job.status !== "done") throw new ApiError(500, job.error ?? { message: job.status });
    const view = await get(`/v1/runs/${acc.id}/charts?lang=${lang()}`);
    out.replaceChildren(...(note ? [el("p", { class: "note", text: note })] : []));
    await renderSections(out, view.sections);
    this.refresh();
  }

  async compare() {
    const out = $("compare-out");
    // The runs' seeds and paths (A's are used for both sides), and the defaults when nothing was picked.
    await this.refresh();
    const { a, b } = this.pick;
    if (!a || !b || a === b)
      return out.replaceChildren(el("p", { class: "field-error", role: "alert", text: t("compare.need") }));
    const release = this.busy($("compare-go"), "…", out);
    try {
      const [va, vb] = await Promise.all([a, b].map((id) => get(`/v1/runs/${id}/charts?lang=${lang()}`)));
      const side = el("div", { class: "side-by-side" });
      for (const [name, id, v] of [
        ["A", a, va],
        ["B", b, vb],
      ]) {
        const col = el("div", { class: "side" }, el("h4", { text: `${name}: ${this.label(id)}` }));
        const cards = el("div", { class: "kpis compact" });
        for (const k of v.kpis)
          cards.append(
            el(
              "div",
              { class: "kpi", "data-metric": k.metric },
              el("div", { class: "label", text: k.label }),
              el("div", { class: "value", text: k.se ? `${k.text.mean} ± ${k.text.se}` : k.text.mean }),
            ),
          );
        col.append(cards);
        side.append(col);
      }
      const diffs = el("div", { id: "compare-diffs" });
      const job = this.runs.find((r) => r.id === a);
      const [sa, sb] = await Promise.all([a, b].map((id) => get(`/v1/runs/${id}/scenario`)));
      const body = { a: sa.scenario, b: sb.scenario };
      if (job?.paths) body.paths = job.paths;
      if (job?.seed !== undefined && job?.seed !== null) body.seed = job.seed;
      const heading = el("h4", { text: `A: ${this.label(a)} → B: ${this.label(b)}` });
      out.replaceChildren(heading, diffs, el("h4", { text: t("compare.side") }), side);
      await this.job("/v1/compare", body, diffs, t("compare.paired"));
    } catch (e) {
      this.fail(out, e);
    } finally {
      release();
    }
  }

  /** Numeric fields of the current scenario's vehicles, as sweep paths `<vehicle id>.<field path>`. */
  sweepParams() {
    const doc = this.ctx.doc();
    if (!doc) return [];
    const vehicles = doc.toJS().vehicles ?? [];
    return this.ctx.form.numeric
      .filter((f) => f.keys[0] !== "targets")
      .map((f) => {
        if (f.keys[0] !== "vehicles") return { keys: f.keys, name: f.path };
        const id = vehicles[f.keys[1]]?.id ?? String(f.keys[1]);
        return { keys: f.keys, name: `${id}${f.path.replace(/^vehicles\[\d+\]/, "")}` };
      });
  }

  /** Metric choices: the shown run's KPI cards, or each vehicle's headline metrics. */
  sweepMetrics() {
    const view = this.ctx.view();
    if (view?.kpis?.length) return view.kpis.map((k) => k.metric);
    const vehicles = this.ctx.doc()?.toJS().vehicles ?? [];
    return vehicles.flatMap((v) => (this.headline[v.kind] ?? []).map((m) => `${v.id}.${m}`));
  }

  /** Refills the sweep and pool choices from the current scenario. */
  update() {
    const param = $("sweep-param");
    const before = param.value;
    param.replaceChildren(...this.sweepParams().map((p) => el("option", { value: p.name, text: p.name })));
    const want =
      this.sweepParams().find((p) => p.name === before) ?? this.sweepParams().find((p) => /\.reserves$/.test(p.name));
    if (want) param.value = want.name;
    this.fillRange();
    const metric = $("sweep-metric");
    const prev = metric.value;
    metric.replaceChildren(...this.sweepMetrics().map((m) => el("option", { value: m, text: m })));
    if (prev && [...metric.options].some((o) => o.value === prev)) metric.value = prev;
    const pools = (this.ctx.doc()?.toJS().vehicles ?? []).filter((v) => v.kind === "risk_pool");
    $("pool-vehicle").replaceChildren(...pools.map((v) => el("option", { value: v.id, text: v.id })));
    $("pool-go").disabled = pools.length === 0;
    $("pool-out").replaceChildren(pools.length ? "" : el("p", { class: "muted", text: t("pool.none") }));
  }

  /** Suggests from/to around the parameter's current value. */
  fillRange() {
    const p = this.sweepParams().find((x) => x.name === $("sweep-param").value);
    const v = p ? this.ctx.doc().get(p.keys) : undefined;
    if (typeof v !== "number") return;
    const unit = v > 0 && v < 1;
    $("sweep-from").value = String(unit ? Math.max(0, +(v - 0.2).toFixed(3)) : v / 2);
    $("sweep-to").value = String(unit ? Math.min(0.95, +(v + 0.2).toFixed(3)) : v * 1.5);
  }

  async sweep() {
    const out = $("sweep-out");
    const p = this.sweepParams().find((x) => x.name === $("sweep-param").value);
    const from = parseAmount($("sweep-from").value);
    const to = parseAmount($("sweep-to").value);
    const n = Math.max(2, Math.min(25, Math.round(Number($("sweep-steps").value) || 5)));
    const metric = `${$("sweep-metric").value}.${$("sweep-stat").value}`;
    if (!p || from === null || to === null)
      return out.replaceChildren(el("p", { class: "field-error", role: "alert", text: t("sweep.bad") }));
    const values = Array.from({ length: n }, (_, i) => +(from + ((to - from) * i) / (n - 1)).toPrecision(10));
    const { paths, seed } = this.ctx.settings();
    const base = this.ctx.doc().toJS();
    const release = this.busy($("sweep-go"), "…", out);
    try {
      // With the mean, its standard error too: the chart draws it as a band.
      const metrics = metric.endsWith(".mean") ? [metric, metric.replace(/\.mean$/, ".se")] : [metric];
      const body = { scenario: base, sweep: { vary: { [p.name]: values }, metrics }, paths, seed };
      await this.job("/v1/sweeps", body, out, "");
    } catch (e) {
      this.fail(out, e);
    } finally {
      release();
    }
  }

  async sizePool() {
    const out = $("pool-out");
    const release = this.busy($("pool-go"), "…", out);
    try {
      const { paths, seed } = this.ctx.settings();
      const body = {
        scenario: this.ctx.doc().toJS(),
        vehicle: $("pool-vehicle").value,
        alpha: Number($("pool-alpha").value),
        paths,
        seed,
      };
      await this.job("/v1/size-pool", body, out, "");
    } catch (e) {
      this.fail(out, e);
    } finally {
      release();
    }
  }
}
