// The names of the map's overseas insets read at any width: at 360 and 1280 px,
// each inset shows one name, at least 11 px high on screen, inside the map, none
// over another. Usage: node map_insets.mjs MAP_PAGE_FILE INSETS
import { chromium } from "playwright-core";

const [file, insets] = [process.argv[2], Number(process.argv[3])];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
const failures = [];
for (const width of [360, 1280]) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  await page.goto("file://" + file);
  const found = await page.$eval(".map__svg", (svg) => {
    const box = svg.getBoundingClientRect();
    const names = [...svg.querySelectorAll("text")]
      .filter((t) => getComputedStyle(t).display !== "none")
      .map((t) => {
        const r = t.getBoundingClientRect();
        // The size drawn: the font's size in the map's units, as the map is scaled.
        const size = Number(t.getAttribute("font-size")) * t.getScreenCTM().a;
        return { text: t.textContent, size, left: r.left, right: r.right, top: r.top, bottom: r.bottom };
      });
    return { names, box: { left: box.left, right: box.right, top: box.top, bottom: box.bottom } };
  });
  const where = `${width} px`;
  if (found.names.length !== insets) failures.push(`${where}: ${found.names.length} names shown, not ${insets}: ${JSON.stringify(found.names)}`);
  for (const n of found.names) {
    if (n.size < 11) failures.push(`${where}: « ${n.text} » drawn ${n.size.toFixed(1)} px`);
    const b = found.box;
    if (n.left < b.left || n.right > b.right || n.top < b.top || n.bottom > b.bottom) failures.push(`${where}: « ${n.text} » leaves the map: ${JSON.stringify(n)} ${JSON.stringify(b)}`);
  }
  for (const [i, a] of found.names.entries()) {
    for (const b of found.names.slice(i + 1)) {
      const apart = a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
      if (!apart) failures.push(`${where}: « ${a.text} » and « ${b.text} » overlap`);
    }
  }
  await page.close();
}
await browser.close();
if (failures.length) {
  console.error(failures.join("\n"));
  process.exit(1);
}
console.log("map inset checks passed");
