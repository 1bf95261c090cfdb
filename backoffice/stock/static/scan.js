// Camera scanning for the stock pages: the browser's own BarcodeDetector when it has one, else
// the barcode-detector polyfill (ZXing in WebAssembly) that the backoffice serves itself.
// A code found fills the form's code field (and best-before from GS1 AI 15/17) for the person
// to check and add; typing the code works without any of this.
(function () {
  "use strict";
  var FORMATS = ["ean_13", "ean_8", "upc_a", "upc_e", "code_128", "data_matrix", "qr_code"];
  var box = document.querySelector("[data-scanner]");
  var form = document.querySelector("[data-scan-form]");
  if (!box || !form || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
  var start = box.querySelector("[data-scan-start]");
  var stop = box.querySelector("[data-scan-stop]");
  var video = box.querySelector("[data-scan-video]");
  var status = box.querySelector("[data-scan-status]");
  var target = form.querySelector("[data-scan-target]");
  var dateField = form.querySelector("[data-scan-date]");
  var stream = null;
  var timer = null;

  function detectorClass() {
    if ("BarcodeDetector" in window) return window.BarcodeDetector;
    var api = window.BarcodeDetectionAPI;
    if (!api) return null;
    api.prepareZXingModule({
      overrides: {
        locateFile: function (path, prefix) {
          return path.endsWith(".wasm") ? "/stock-assets/zxing_reader.wasm" : prefix + path;
        },
      },
    });
    return api.BarcodeDetector;
  }

  function gs1Date(raw) {
    var text = raw.replace(/[()\u001d]/g, "").replace(/^\]\w\d/, "");
    var found = /^01\d{14}(?:15|17)(\d{2})(\d{2})(\d{2})/.exec(text);
    if (!found) return "";
    var day = found[3] === "00" ? "28" : found[3];
    return "20" + found[1] + "-" + found[2] + "-" + day;
  }

  function halt() {
    if (timer) clearTimeout(timer);
    timer = null;
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
    stream = null;
    video.hidden = true;
    stop.hidden = true;
    start.hidden = false;
  }

  function found(code) {
    halt();
    target.value = code;
    var dated = gs1Date(code);
    if (dated && dateField) dateField.value = dated;
    status.textContent = code;
    target.focus();
    form.dispatchEvent(new CustomEvent("scanned", { detail: code }));
  }

  var Detector = detectorClass();
  if (!Detector) return;
  var detector = new Detector({ formats: FORMATS });
  box.hidden = false;

  function look() {
    if (!stream) return;
    detector.detect(video).then(function (codes) {
      if (codes.length) found(codes[0].rawValue);
      else timer = setTimeout(look, 150);
    }, function () { timer = setTimeout(look, 300); });
  }

  start.addEventListener("click", function () {
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (s) {
        stream = s;
        video.srcObject = s;
        video.hidden = false;
        stop.hidden = false;
        start.hidden = true;
        return video.play();
      })
      .then(look)
      .catch(function () { halt(); status.textContent = status.dataset.unavailable; });
  });
  stop.addEventListener("click", halt);
})();
