/* Place picker: shows a map under the district and place-name fields; a click, or Enter while the map has
   focus (the centre is the point), sets the hidden coordinates. Without JavaScript the district list and
   the place name work alone. Loaded with leaflet.js (and protomaps-leaflet.js when the operator provides a
   base map) through the widget's media, all served by the portal itself.

   The hidden stamp says which district and name a point belongs to: typing a name after a click describes
   the point (the stamp follows); choosing a district or a known place name replaces the point. */
(function () {
  "use strict";
  if (!window.L) { return; }
  var L = window.L;
  document.querySelectorAll("[data-place-picker]").forEach(function (box) {
    var el = box.querySelector("[data-picker-map]");
    var district = box.querySelector("select");
    var name = box.querySelector("input[type=text]");
    var lat = box.querySelector("[data-lat]");
    var lon = box.querySelector("[data-lon]");
    var stamp = box.querySelector("[data-stamp]");
    var status = box.querySelector("[data-picker-status]");
    var help = box.querySelector("[data-picker-help]");
    el.hidden = false;
    if (help) { help.hidden = false; }
    el.tabIndex = 0;
    var map = L.map(el, { keyboard: true });
    map.attributionControl.setPrefix(false);
    if (el.dataset.baseMap && window.protomapsL) {
      window.protomapsL.leafletLayer({ url: el.dataset.baseMap, flavor: "light", lang: "de",
        attribution: el.dataset.attribution }).addTo(map);
    }
    var bounds = (el.dataset.bounds || "").split(",").map(parseFloat);
    if (lat.value && lon.value) {
      map.setView([parseFloat(lat.value), parseFloat(lon.value)], 15);
    } else if (bounds.length === 4 && !bounds.some(isNaN)) {
      map.fitBounds([[bounds[1], bounds[0]], [bounds[3], bounds[2]]], { padding: [20, 20], maxZoom: 15 });
    } else {
      map.setView([51.0, 10.4], 6);
    }
    var marker = null;
    function pin() { return L.divIcon({ className: "map-marker map-marker-idee", html: "", iconSize: [18, 18] }); }
    function currentStamp() { return (district ? district.value : "") + "|" + (name ? name.value.trim() : ""); }
    function choose(latlng) {
      lat.value = latlng.lat.toFixed(6);
      lon.value = latlng.lng.toFixed(6);
      stamp.value = currentStamp();
      if (marker) { marker.setLatLng(latlng); } else { marker = L.marker(latlng, { icon: pin(), keyboard: false }).addTo(map); }
      if (status) { status.textContent = status.dataset.chosen; }
    }
    function clear() {
      if (!lat.value) { return; }
      lat.value = ""; lon.value = ""; stamp.value = "";
      if (marker) { map.removeLayer(marker); marker = null; }
      if (status) { status.textContent = status.dataset.cleared; }
    }
    if (lat.value && lon.value) {
      marker = L.marker([parseFloat(lat.value), parseFloat(lon.value)], { icon: pin(), keyboard: false }).addTo(map);
    }
    map.on("click", function (event) { choose(event.latlng); });
    el.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && event.target === el) { event.preventDefault(); choose(map.getCenter()); }
    });
    if (district) { district.addEventListener("change", clear); }
    if (name) {
      var known = Array.prototype.map.call(box.querySelectorAll("datalist option"), function (option) {
        return option.value.toLowerCase();
      });
      name.addEventListener("input", function () {
        if (known.indexOf(name.value.trim().toLowerCase()) !== -1) { clear(); } // a known place has its own position
        else if (lat.value) { stamp.value = currentStamp(); }
      });
    }
  });
})();
