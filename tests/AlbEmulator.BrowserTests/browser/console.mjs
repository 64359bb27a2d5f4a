// Drives the AlbEmulator console in Debian's chromium with puppeteer-core (AlbEmulator.BrowserTests runs it).
//   node console.mjs <scenario> <artefact-dir>     scenario: map | unhealthy | explorer | export
// Environment: ADMIN_URL (the console), and per scenario TARGET (id:port), FLIP_URL, EXPECT_STATUSES.
// Prints one line "RESULT <json>" for the C# test to assert on; screenshots go to the artefact directory.
import fs from "node:fs";
import path from "node:path";
import puppeteer from "puppeteer-core";

const [scenario, outDir] = process.argv.slice(2);
const admin = process.env.ADMIN_URL;
if (!scenario || !outDir || !admin) { console.error("usage: ADMIN_URL=... node console.mjs <scenario> <dir>"); process.exit(2); }
fs.mkdirSync(outDir, { recursive: true });
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const deadline = (ms) => Date.now() + ms;

async function until(what, check, timeoutMs = 30000, everyMs = 100) {
  const end = deadline(timeoutMs);
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, everyMs));
  }
}

const browser = await puppeteer.launch({ executablePath, headless: true, args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
const result = { scenario };
const consoleErrors = [];
try {
  const page = await browser.newPage();
  page.on("pageerror", e => consoleErrors.push(String(e)));
  page.on("console", m => { if (m.type() === "error") consoleErrors.push(m.text()); });
  await page.setViewport({ width: 1280, height: 800 });
  const shot = async (name) => { await page.screenshot({ path: path.join(outDir, `${scenario}-${name}.png`), fullPage: true }); };

  if (scenario === "map") {
    await page.goto(admin, { waitUntil: "domcontentloaded" });
    const expectTargets = Number(process.env.EXPECT_TARGETS || 1);
    await until("the targets", () => page.$$eval("#map .node.target", n => n.length).then(n => n >= expectTargets));
    await until("the wires", () => page.$$eval("#map svg.wires path", n => n.length).then(n => n > 0));
    const read = () => page.evaluate(() => ({
      loadBalancers: [...document.querySelectorAll("#map section.lb:not(.unattached)")].map(s => s.dataset.resource),
      unattached: document.querySelectorAll("#map section.unattached").length,
      listeners: [...document.querySelectorAll("#map .node.listener")].map(n => n.dataset.resource),
      rules: [...document.querySelectorAll("#map .node.rule")].map(n => n.dataset.resource),
      ruleTexts: [...document.querySelectorAll("#map .node.rule")].map(n => n.innerText),
      targetGroups: [...document.querySelectorAll("#map .node.target-group")].map(n => n.dataset.resource),
      targets: [...document.querySelectorAll("#map .node.target")].map(n => ({ id: n.dataset.resource, state: n.dataset.state, reason: n.dataset.reason })),
      wires: [...document.querySelectorAll("#map svg.wires path")].map(p => `${p.dataset.from} -> ${p.dataset.to}`),
      detailsVisible: [...document.querySelectorAll("#map .node .more")].filter(m => m.offsetParent !== null).length,
      overflow: document.documentElement.scrollWidth - window.innerWidth,
    }));
    Object.assign(result, await read());
    await shot("1280x800");
    await page.click("#details");
    result.detailsVisibleAfterToggle = await until("details", () => page.$$eval("#map .node .more", ms => ms.filter(m => m.offsetParent !== null).length).then(n => n || false));
    result.groupDetailText = await page.$eval("#map .node.target-group", n => n.innerText);
    await shot("details");
    await page.setViewport({ width: 420, height: 900 });
    await until("re-drawn wires", () => page.$$eval("#map svg.wires path", n => n.length).then(n => n === result.wires.length));
    const narrow = await read();
    result.narrowWires = narrow.wires.length;
    result.narrowOverflow = narrow.overflow;
    await shot("narrow");
  } else if (scenario === "unhealthy") {
    const target = process.env.TARGET;
    await page.goto(admin, { waitUntil: "domcontentloaded" });
    await page.evaluate(() => { window.__sameDocument = true; });
    await until("the target healthy on the map", () => page.$eval(`#map .node.target[data-resource="${target}"]`, n => n.dataset.state === "healthy").catch(() => false), 60000);
    await page.click("input[name=view][value=unhealthy]");
    await page.click("#details");
    await until("an empty Unhealthy Target Map", () => page.$eval("#map", m => m.innerText.includes("No unhealthy targets")).catch(() => false));
    await shot("before");
    const flip = await fetch(process.env.FLIP_URL);
    if (!flip.ok) throw new Error(`flip failed: ${flip.status}`);
    let apiAt = 0, pageAt = 0;
    await until("the target unhealthy on the page", async () => {
      if (!apiAt) {
        const health = await (await fetch(new URL("targets", admin))).json();
        const all = health.TargetGroups.flatMap(g => g.TargetHealthDescriptions);
        const mine = all.find(d => `${d.Target.Id}:${d.Target.Port}` === target);
        if (mine && mine.TargetHealth.State === "unhealthy") apiAt = Date.now();
      }
      if (!pageAt) {
        const shown = await page.$eval(`#map .node.target[data-resource="${target}"]`, n => n.dataset.state === "unhealthy" ? n.dataset.reason : "").catch(() => "");
        if (shown) { pageAt = Date.now(); result.reason = shown; }
      }
      return apiAt && pageAt;
    }, 90000, 50);
    result.pageLagMs = Math.max(0, pageAt - apiAt);
    result.sameDocument = await page.evaluate(() => window.__sameDocument === true);
    result.targetText = await page.$eval(`#map .node.target[data-resource="${target}"]`, n => n.innerText);
    result.resources = await page.$$eval("#map [data-resource]", ns => ns.map(n => n.dataset.resource));
    await shot("after");
  } else if (scenario === "explorer") {
    await page.goto(admin + "#requests", { waitUntil: "domcontentloaded" });
    result.trails = {};
    for (const status of (process.env.EXPECT_STATUSES || "").split(",").filter(Boolean)) {
      const row = await until(`a ${status} row`, () => page.$(`#requests tbody tr[data-status="${status}"]`));
      await row.click();
      const heading = await until("the trail", () => page.$eval("#trail h3", h => h.innerText).then(t => t.endsWith(status) ? t : false).catch(() => false));
      result.trails[status] = { heading, steps: await page.$$eval("#trail-steps li", ls => ls.map(l => ({ result: l.className, stage: l.dataset.stage, text: l.innerText }))) };
      await shot(status);
    }
    await page.type("#f-status", "5xx");
    result.filtered5xx = await until("the 5xx filter", () => page.$$eval("#requests tbody tr", rs => rs.map(r => r.dataset.status)).then(s => s.every(x => x.startsWith("5")) ? s : false));
  } else if (scenario === "export") {
    const client = await page.createCDPSession();
    await client.send("Browser.setDownloadBehavior", { behavior: "allow", downloadPath: path.resolve(outDir) });
    await page.goto(admin, { waitUntil: "domcontentloaded" });
    await until("the map", () => page.$("#map section.lb"));
    if (process.env.VIEW === "unhealthy") await page.click("input[name=view][value=unhealthy]");
    await page.click("#details");
    result.href = await page.$eval("#export", a => a.getAttribute("href"));
    result.resources = await page.$$eval("#map [data-resource]:not(section.unattached)", ns => ns.map(n => n.dataset.resource));
    const before = new Set(fs.readdirSync(outDir));
    await page.click("#export");
    result.file = await until("the PDF download", () => fs.readdirSync(outDir).find(f => f.endsWith(".pdf") && !before.has(f)) || false, 60000);
    result.file = path.join(path.resolve(outDir), result.file);
    await shot("page");
  } else {
    throw new Error(`unknown scenario ${scenario}`);
  }

  result.consoleErrors = consoleErrors;
  console.log("RESULT " + JSON.stringify(result));
} finally {
  await browser.close();
}
