// AlbEmulator console (docs/console.md): the resource map and the request explorer. Plain DOM, no
// libraries, relative URLs only (the page works on any --admin-url). Live by polling the JSON API.
"use strict";
(() => {
  const POLL_MS = 1000;
  const state = { tab: "map", view: "overview", details: false, open: new Set(), mapJson: "", requests: [], last: 0, capacity: 1000, selected: null, trailJson: "" };

  const el = (tag, attrs, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "class") node.className = v; else if (k.startsWith("data-")) node.setAttribute(k, v); else node[k] = v;
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  };

  async function getJson(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" }, cache: "no-store" });
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    return response.json();
  }

  function setLive(ok, text) {
    const live = document.getElementById("live");
    live.textContent = text;
    live.classList.toggle("stale", !ok);
  }

  // ---- Resource map -------------------------------------------------------------------------------
  function stateBadge(s) { return el("span", { class: `state ${s}` }, s); }

  function node(kind, key, attrs, head, more) {
    const n = el("div", Object.assign({ class: `node ${kind}` + (state.open.has(key) ? " open" : ""), tabIndex: 0, "data-key": key }, attrs), head, el("div", { class: "more" }, more));
    const toggle = () => { n.classList.toggle("open"); if (n.classList.contains("open")) state.open.add(key); else state.open.delete(key); drawAll(); };
    n.addEventListener("click", toggle);
    n.addEventListener("keydown", e => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); toggle(); } });
    return n;
  }

  function list(items) { return items.length ? el("ul", null, items.map(i => el("li", null, i))) : null; }

  function renderGroups(targetGroups, groups, targets, edges) {
    for (const g of targetGroups) {
      const gkey = g.arn;
      groups.append(node("target-group", gkey, { "data-resource": g.name },
        [el("div", { class: "name" }, g.name),
         el("div", { class: "sub" }, `${g.protocol}${g.protocolVersion ? " " + g.protocolVersion : ""}${g.port ? ":" + g.port : ""}, ${g.targetType}`),
         el("div", { class: "sub summary" }, el("span", { class: "ok" }, `${g.healthy} healthy`), ", ", el("span", { class: g.unhealthy ? "bad" : "" }, `${g.unhealthy} unhealthy`), g.other ? `, ${g.other} other` : "", g.inUse ? "" : " (not in use)")],
        [el("div", null, "Algorithm: " + g.algorithm), el("div", null, "Stickiness: " + g.stickiness), el("div", null, "Health check: " + g.healthCheck),
         g.unhealthy && g.unhealthy === g.targets.length ? el("div", { class: "reason" }, "Every target fails: check the target group's health-check settings first.") : null,
         el("div", { class: "sub" }, g.arn)]));
      for (const t of g.targets) {
        const tkey = `${g.arn}|${t.id}:${t.port}`;
        targets.append(node(`target ${t.state}`, tkey, { "data-resource": `${t.id}:${t.port}`, "data-state": t.state, "data-reason": t.reason || "" },
          [el("div", { class: "name" }, `${t.id}:${t.port}`), el("div", null, stateBadge(t.state), " ", el("span", { class: "sub" }, g.name)),
           t.reason ? el("div", { class: "reason" }, t.reason) : null],
          [t.description ? el("div", null, t.description) : null, t.meaning ? el("div", null, t.meaning) : null,
           t.checks.length ? el("div", null, "What to check:", list(t.checks)) : null, el("div", { class: "sub" }, "Health-check port " + t.healthCheckPort)]));
        edges.push([gkey, tkey, t.state === "unhealthy"]);
      }
    }
  }

  function renderUnattached(targetGroups) {
    const groups = el("div", { class: "column" }, el("h3", null, "Target groups"));
    const targets = el("div", { class: "column" }, el("h3", null, "Targets"));
    const edges = [];
    renderGroups(targetGroups, groups, targets, edges);
    const section = el("section", { class: "lb unattached", "data-resource": "unattached" },
      el("h2", null, "Target groups no load balancer forwards to"), el("div", { class: "arn" }, "Target groups are account resources: these receive no traffic (Target.NotInUse)."),
      el("div", { class: "columns two" }, groups, targets));
    section._edges = edges;
    return section;
  }

  function renderLoadBalancer(lb) {
    const listeners = el("div", { class: "column" }, el("h3", null, "Listeners"));
    const rules = el("div", { class: "column" }, el("h3", null, "Rules"));
    const groups = el("div", { class: "column" }, el("h3", null, "Target groups"));
    const targets = el("div", { class: "column" }, el("h3", null, "Targets"));
    const edges = [];
    for (const l of lb.listeners) {
      const lkey = l.arn;
      listeners.append(node("listener", lkey, { "data-resource": `${l.protocol}:${l.port}` },
        [el("div", { class: "name" }, `${l.protocol}:${l.port}`), l.sslPolicy ? el("div", { class: "sub" }, l.sslPolicy) : null],
        [l.certificates.length ? el("div", null, "Certificates: " + l.certificates.join(", ")) : null, el("div", null, "mTLS: " + l.mutualTls), el("div", { class: "sub" }, l.arn)]));
      for (const r of l.rules) {
        const rkey = r.arn;
        const when = r.conditions.length ? r.conditions.join(" and ") : (r.priority === "default" ? "no other rule matched" : "always");
        rules.append(node("rule", rkey, { "data-resource": `${l.port} rule ${r.priority}` },
          [el("div", { class: "name" }, r.priority === "default" ? `${l.protocol}:${l.port} default` : `${l.protocol}:${l.port} priority ${r.priority}`),
           el("div", { class: "sub" }, "if " + when), el("div", { class: "sub" }, "then " + r.actions.join(", then ")),
           r.transforms.length ? el("div", { class: "sub" }, "transform: " + r.transforms.join("; ")) : null],
          [el("div", { class: "sub" }, r.arn)]));
        edges.push([lkey, rkey]);
        for (const tg of r.targetGroups) edges.push([rkey, tg]);
      }
    }
    renderGroups(lb.targetGroups, groups, targets, edges);
    const columns = el("div", { class: "columns" }, listeners, rules, groups, targets);
    const section = el("section", { class: "lb", "data-resource": lb.name },
      el("h2", null, `Load balancer ${lb.name}`), el("div", { class: "arn" }, `${lb.dnsName} · ${lb.arn}`), columns);
    section._edges = edges;
    return section;
  }

  function drawWires(section) {
    const columns = section.querySelector(".columns");
    section.querySelector("svg.wires")?.remove();
    if (!columns) return; // "No unhealthy targets"

    const box = columns.getBoundingClientRect();
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("class", "wires");
    svg.setAttribute("width", box.width);
    svg.setAttribute("height", box.height);
    const find = key => [...columns.querySelectorAll(".node")].find(n => n.dataset.key === key);
    for (const [from, to, bad] of section._edges) {
      const a = find(from), b = find(to);
      if (!a || !b) continue;
      const ra = a.getBoundingClientRect(), rb = b.getBoundingClientRect();
      let d;
      if (rb.left >= ra.right - 1) {
        const x1 = ra.right - box.left, y1 = ra.top + ra.height / 2 - box.top, x2 = rb.left - box.left, y2 = rb.top + rb.height / 2 - box.top;
        const mid = (x1 + x2) / 2;
        d = `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`;
      } else {
        // Stacked columns (narrow window): from the left edge of one box down to the left edge of the next.
        const x1 = ra.left - box.left, y1 = ra.top + ra.height / 2 - box.top, x2 = rb.left - box.left, y2 = rb.top + rb.height / 2 - box.top;
        const bend = Math.max(8, Math.min(x1, x2) - 10);
        d = `M${x1},${y1} C${-bend / 2},${y1} ${-bend / 2},${y2} ${x2},${y2}`;
      }
      const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
      path.setAttribute("d", d);
      if (bad) path.setAttribute("class", "bad");
      path.dataset.from = from; path.dataset.to = to;
      svg.append(path);
    }
    columns.prepend(svg);
  }

  function drawAll() { document.querySelectorAll("#map section.lb").forEach(drawWires); }

  function renderMap(map) {
    const container = document.getElementById("map");
    container.replaceChildren();
    container.classList.toggle("details-on", state.details);
    if (!map.loadBalancers.length && !map.unattachedTargetGroups.length) container.append(el("p", { class: "empty" }, state.view === "unhealthy" ? "No unhealthy targets." : "No load balancer is configured."));
    for (const lb of map.loadBalancers) {
      if (state.view === "unhealthy" && !lb.targetGroups.length) {
        container.append(el("section", { class: "lb", "data-resource": lb.name }, el("h2", null, `Load balancer ${lb.name}`), el("p", { class: "empty" }, "No unhealthy targets.")));
        continue;
      }
      container.append(renderLoadBalancer(lb));
    }
    if (map.unattachedTargetGroups.length) container.append(renderUnattached(map.unattachedTargetGroups));
    drawAll();
  }

  async function refreshMap(force) {
    const json = JSON.stringify(await getJson(`api/load-balancers?view=${state.view}`));
    const stable = json.replace(/"generatedAt":"[^"]*",?/, "");
    if (force || stable !== state.mapJson) {
      state.mapJson = stable;
      renderMap(JSON.parse(json));
    }
  }

  function updateExportLink() {
    document.getElementById("export").href = `api/export.pdf?view=${state.view}&details=${state.details}`;
  }

  // ---- Request explorer ---------------------------------------------------------------------------
  const filters = () => ({
    status: document.getElementById("f-status").value.trim(),
    listener: document.getElementById("f-listener").value.trim(),
    tg: document.getElementById("f-tg").value.trim(),
    path: document.getElementById("f-path").value.trim(),
  });

  function matches(r, f) {
    const code = String(r.elbStatusCode);
    if (f.status && !(/^[1-5]xx$/i.test(f.status) ? code[0] === f.status[0] : code === f.status)) return false;
    if (f.listener && r.listener !== f.listener && !r.listener.endsWith(":" + f.listener)) return false;
    if (f.tg && r.targetGroup !== f.tg) return false;
    if (f.path && !r.path.startsWith(f.path)) return false;
    return true;
  }

  function renderRequests() {
    const f = filters();
    const body = document.querySelector("#requests tbody");
    const rows = [];
    for (let i = state.requests.length - 1; i >= 0 && rows.length < 500; i--) {
      const r = state.requests[i];
      if (!matches(r, f)) continue;
      const row = el("tr", { "data-sequence": r.sequence, "data-status": r.elbStatusCode, class: state.selected === r.sequence ? "selected" : "" },
        el("td", null, r.time.substring(11, 23)), el("td", null, r.client),
        el("td", null, `${r.method} ${r.host || ""}${r.path}${r.query ? "?" + r.query : ""}`), el("td", null, r.listener),
        el("td", { class: `s${String(r.elbStatusCode)[0]}` }, r.elbStatusCode), el("td", null, r.targetStatusCode ?? "-"),
        el("td", null, r.targetGroup || "-"), el("td", null, r.matchedRule || "-"), el("td", null, r.actionsExecuted || "-"), el("td", null, r.errorReason || "-"));
      row.addEventListener("click", () => { state.selected = r.sequence; state.trailJson = ""; renderRequests(); refreshTrail(); });
      rows.push(row);
    }
    body.replaceChildren(...rows);
    document.getElementById("req-count").textContent = `${rows.length} shown of ${state.requests.length} kept (the last ${state.capacity}; --request-history)`;
  }

  async function refreshRequests() {
    const data = await getJson(`api/requests?after=${state.last}`);
    state.capacity = data.capacity;
    if (data.lastSequence < state.last) state.requests = []; // the emulator restarted
    if (data.requests.length) {
      state.requests.push(...data.requests.reverse());
      if (state.requests.length > state.capacity) state.requests.splice(0, state.requests.length - state.capacity);
    }
    const changed = data.lastSequence !== state.last;
    state.last = data.lastSequence;
    if (changed) renderRequests();
  }

  async function refreshTrail() {
    if (state.selected === null) return;
    const pane = document.getElementById("trail");
    let data;
    try { data = await getJson(`api/requests/${state.selected}`); } catch { pane.replaceChildren(el("p", { class: "hint" }, "This request is no longer kept.")); return; }
    const json = JSON.stringify(data);
    if (json === state.trailJson) return;
    state.trailJson = json;
    const r = data.request;
    const fields = [["Time", r.time], ["Trace id", r.traceId], ["Client", r.client], ["Listener", r.listener], ["Protocol", r.protocol], ["ELB status", r.elbStatusCode],
      ["Target status", r.targetStatusCode ?? "-"], ["Target group", r.targetGroup ?? "-"], ["Target", r.target ?? "-"], ["Matched rule", r.matchedRule ?? "-"],
      ["Actions", r.actionsExecuted ?? "-"], ["Error reason", r.errorReason ?? "-"], ["Classification", r.classification ?? "-"], ["User agent", r.userAgent ?? "-"], ["Took", `${r.elapsedMs} ms`]];
    pane.replaceChildren(
      el("h3", null, `${r.method} ${r.host || ""}${r.path}${r.query ? "?" + r.query : ""} → ${r.elbStatusCode}`),
      el("dl", null, fields.flatMap(([k, v]) => [el("dt", null, k), el("dd", null, String(v))])),
      el("h3", null, "Decision trail"),
      el("ol", { id: "trail-steps" }, data.trail.map(s => el("li", { class: s.result, "data-stage": s.stage }, el("span", { class: "stage" }, s.stage + ": "), s.text))));
  }

  // ---- Wiring -------------------------------------------------------------------------------------
  function showTab(tab) {
    state.tab = tab;
    for (const b of document.querySelectorAll(".tabs button")) b.setAttribute("aria-selected", String(b.dataset.tab === tab));
    document.getElementById("map-panel").hidden = tab !== "map";
    document.getElementById("requests-panel").hidden = tab !== "requests";
    if (tab === "map") drawAll();
  }

  async function tick() {
    try {
      if (state.tab === "map") await refreshMap(false); else { await refreshRequests(); await refreshTrail(); }
      setLive(true, "live · updated " + new Date().toLocaleTimeString());
    } catch (e) {
      setLive(false, "cannot reach the admin endpoint (" + e.message + ")");
    }
    setTimeout(tick, POLL_MS);
  }

  document.addEventListener("DOMContentLoaded", () => {
    for (const b of document.querySelectorAll(".tabs button")) b.addEventListener("click", () => { showTab(b.dataset.tab); tick0(); });
    for (const r of document.querySelectorAll("input[name=view]")) r.addEventListener("change", () => { state.view = r.value; updateExportLink(); refreshMap(true).catch(() => {}); });
    document.getElementById("details").addEventListener("change", e => { state.details = e.target.checked; updateExportLink(); document.getElementById("map").classList.toggle("details-on", state.details); drawAll(); });
    for (const id of ["f-status", "f-listener", "f-tg", "f-path"]) document.getElementById(id).addEventListener("input", renderRequests);
    window.addEventListener("resize", drawAll);
    if (location.hash === "#requests") showTab("requests");
    tick();
  });

  function tick0() { (state.tab === "map" ? refreshMap(false) : refreshRequests()).catch(() => {}); }
})();
