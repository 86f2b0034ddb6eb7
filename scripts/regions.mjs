// Writes public/regions/cn-areas.json, the province → city → district lists of the address
// picker, from the pinned npm package @vant/area-data (GB/T 2260 codes, MIT licence).
// Run after changing its version in scripts/tools/package.json:
//   node scripts/regions.mjs [path/to/node_modules]
import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const modules = process.argv[2] ?? join(here, "tools/node_modules");
const require = createRequire(join(modules, "noop.js"));
const { areaList } = require("@vant/area-data");
const { version } = require("@vant/area-data/package.json");
const pairs = (list) => Object.entries(list).sort(([a], [b]) => a.localeCompare(b));
const out = {
  source: `@vant/area-data ${version} (MIT)`,
  provinces: pairs(areaList.province_list),
  cities: pairs(areaList.city_list),
  districts: pairs(areaList.county_list),
};
const file = join(here, "../public/regions/cn-areas.json");
writeFileSync(file, JSON.stringify(out) + "\n");
console.log(`${file}: ${out.provinces.length} provinces, ${out.cities.length} cities, ${out.districts.length} districts`);
