// Writes public/regions/cn-areas.json, the province → city → district lists of the address
// picker, from the pinned npm package @vant/area-data (GB/T 2260 codes, MIT licence), each
// with an English name for visitors who read no Chinese: the pinyin of the name (pinyin-pro,
// MIT) with its level in English ("温县" → "Wen County"). The Chinese name stays the value: a
// courier reads it.
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
const { pinyin } = require("pinyin-pro");
const { version } = require("@vant/area-data/package.json");
function english(name) {
  return FIXED[name] ?? withLevel(name);
}

// Names whose usual English is not their plain pinyin.
const FIXED = {
  内蒙古自治区: "Inner Mongolia", 西藏自治区: "Tibet", 陕西省: "Shaanxi",
  香港特别行政区: "Hong Kong", 澳门特别行政区: "Macao", 台湾省: "Taiwan",
  广西壮族自治区: "Guangxi", 宁夏回族自治区: "Ningxia", 新疆维吾尔自治区: "Xinjiang",
};

// Ethnic groups named in autonomous prefectures, counties and banners, cut off the English name.
const PEOPLES = "蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|拉祜|水|东乡|纳西|景颇|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|普米|塔吉克|怒|鄂温克|保安|裕固|独龙|鄂伦春|赫哲";
const AUTONOMOUS = new RegExp(`(?:(?:${PEOPLES})族?)+自治(州|县|旗)$`);

// Longest first: "自治州" before "州", "新区" before "区".
const LEVELS = [
  ["特别行政区", ""], ["自治区", ""], ["经济技术开发区", " Economic and Technological Development Zone"],
  ["高新技术产业开发区", " High-tech Zone"], ["开发区", " Development Zone"], ["新区", " New Area"],
  ["地区", " Prefecture"], ["林区", " Forest District"], ["矿区", " Mining District"],
  ["盟", " League"], ["省", ""], ["市", ""], ["区", " District"], ["县", " County"], ["旗", " Banner"],
];
const AUTONOMOUS_LEVEL = { 州: " Prefecture", 县: " County", 旗: " Banner" };

function withLevel(name) {
  const autonomous = name.match(AUTONOMOUS);
  if (autonomous) {
    // 鄂伦春自治旗 is named for its people alone.
    const base = name.slice(0, autonomous.index) || name.slice(0, -3);
    return spell(base) + AUTONOMOUS_LEVEL[autonomous[1]];
  }
  for (const [suffix, level] of LEVELS) {
    const base = name.slice(0, -suffix.length);
    // A one-character base keeps its suffix in the pinyin: 城区 is "Chengqu District".
    if (name.endsWith(suffix) && [...base].length >= 2) return spell(base) + level;
    if (name.endsWith(suffix) && [...base].length === 1 && level === "") return spell(name);
    if (name.endsWith(suffix) && [...base].length === 1) {
      return (suffix === "县" ? spell(base) : spell(name)) + level;
    }
  }
  return spell(name);
}

// 西安 → "Xi'an": the apostrophe before a syllable that starts with a vowel.
function spell(text) {
  const syllables = pinyin(text, { toneType: "none", type: "array", v: true });
  const word = syllables
    .map((s, i) => (i > 0 && /^[aoe]/.test(s) ? `'${s}` : s))
    .join("");
  return word.charAt(0).toUpperCase() + word.slice(1);
}

const pairs = (list) =>
  Object.entries(list)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, name]) => [code, name, english(name)]);
const out = {
  source: `@vant/area-data ${version} (MIT)`,
  provinces: pairs(areaList.province_list),
  cities: pairs(areaList.city_list),
  districts: pairs(areaList.county_list),
};
const file = join(here, "../public/regions/cn-areas.json");
writeFileSync(file, JSON.stringify(out) + "\n");
console.log(`${file}: ${out.provinces.length} provinces, ${out.cities.length} cities, ${out.districts.length} districts`);
