// Copies the built files of the pinned npm packages (package-lock.json) with their licences into
// ../static/progress/vendor/. Run: npm ci --ignore-scripts && npm run vendor
import { copyFileSync, mkdirSync } from "node:fs";

const out = "../static/progress/vendor";
mkdirSync(`${out}/images`, { recursive: true });
const files = [
  ["node_modules/leaflet/dist/leaflet.js", "leaflet.js"],
  ["node_modules/leaflet/dist/leaflet.js.map", "leaflet.js.map"],
  ["node_modules/leaflet/dist/leaflet.css", "leaflet.css"],
  ["node_modules/leaflet/LICENSE", "LICENSE.leaflet.txt"],
  ["node_modules/leaflet/dist/images/layers.png", "images/layers.png"],
  ["node_modules/leaflet/dist/images/layers-2x.png", "images/layers-2x.png"],
  ["node_modules/leaflet/dist/images/marker-icon.png", "images/marker-icon.png"],
  ["node_modules/leaflet/dist/images/marker-icon-2x.png", "images/marker-icon-2x.png"],
  ["node_modules/leaflet/dist/images/marker-shadow.png", "images/marker-shadow.png"],
  ["node_modules/protomaps-leaflet/dist/protomaps-leaflet.js", "protomaps-leaflet.js"],
  // The scripts name their source maps; collectstatic (WhiteNoise's manifest) needs them present.
  ["node_modules/protomaps-leaflet/dist/protomaps-leaflet.js.map", "protomaps-leaflet.js.map"],
  ["node_modules/protomaps-leaflet/LICENSE", "LICENSE.protomaps-leaflet.txt"],
];
for (const [from, to] of files) copyFileSync(from, `${out}/${to}`);
console.log(`copied ${files.length} files to ${out}`);
