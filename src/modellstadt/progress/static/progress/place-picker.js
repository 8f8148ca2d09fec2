/* Place picker: shows a map under the district and place-name fields; a click, or Enter while the map has
   focus (the centre is the point, marked by a cross), sets the hidden coordinates. Without JavaScript the
   district list and the place name work alone. Needs leaflet.js (served by the portal). */
(function () {
  "use strict";
  if (!window.L) { return; }
  document.querySelectorAll("[data-place-picker]").forEach(function (box) {
    var el = box.querySelector("[data-picker-map]");
    var lat = box.querySelector("[data-lat]");
    var lon = box.querySelector("[data-lon]");
    var status = box.querySelector("[data-picker-status]");
    el.hidden = false;
    el.tabIndex = 0;
    var map = window.L.map(el, { keyboard: true });
    var centre = el.dataset.centre ? JSON.parse(el.dataset.centre) : [52.4227, 10.7865];
    map.setView(lat.value ? [parseFloat(lat.value), parseFloat(lon.value)] : centre, 13);
    var marker = null;
    function choose(latlng) {
      lat.value = latlng.lat.toFixed(6);
      lon.value = latlng.lng.toFixed(6);
      if (marker) { marker.setLatLng(latlng); } else { marker = window.L.marker(latlng, { keyboard: false }).addTo(map); }
      if (status) { status.textContent = status.dataset.chosen || "✓"; }
    }
    if (lat.value) { choose({ lat: parseFloat(lat.value), lng: parseFloat(lon.value) }); }
    map.on("click", function (event) { choose(event.latlng); });
    el.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && event.target === el) { event.preventDefault(); choose(map.getCenter()); }
    });
  });
})();
