// Draws a 12-lead ECG the way ED staff read it on paper: 25 mm/s, 10 mm/mV, a 3×4 grid of 2.5 s columns
// (I II III | aVR aVL aVF | V1 V2 V3 | V4 V5 V6) and a 10 s lead II rhythm strip underneath.
const EcgDrawing = (() => {
  const COLUMNS = [["I", "II", "III"], ["aVR", "aVL", "aVF"], ["V1", "V2", "V3"], ["V4", "V5", "V6"]];

  function grid(ctx, w, h, mm) {
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, w, h);
    for (let x = 0, i = 0; x <= w; x += mm, i++) line(ctx, x, 0, x, h, i % 5 === 0 ? "#f3a6a6" : "#fbe0e0");
    for (let y = 0, i = 0; y <= h; y += mm, i++) line(ctx, 0, y, w, y, i % 5 === 0 ? "#f3a6a6" : "#fbe0e0");
  }

  function line(ctx, x0, y0, x1, y1, colour) {
    ctx.strokeStyle = colour;
    ctx.beginPath();
    ctx.moveTo(x0, y0);
    ctx.lineTo(x1, y1);
    ctx.stroke();
  }

  function trace(ctx, mv, rate, fromSec, toSec, x0, yBaseline, pxPerSec, pxPerMv) {
    const start = Math.floor(fromSec * rate), end = Math.min(mv.length, Math.floor(toSec * rate));
    ctx.strokeStyle = "#111";
    ctx.lineWidth = 1.2;
    ctx.beginPath();
    for (let i = start; i < end; i++) {
      const x = x0 + (i - start) / rate * pxPerSec, y = yBaseline - mv[i] * pxPerMv;
      if (i === start) ctx.moveTo(x, y); else ctx.lineTo(x, y);
    }
    ctx.stroke();
    ctx.lineWidth = 1;
  }

  function draw(canvas, ecg) {
    const ctx = canvas.getContext("2d");
    const w = canvas.width, h = canvas.height;
    const pxPerSec = w / 10, mm = pxPerSec / 25, pxPerMv = 10 * mm, rowHeight = h / 4;
    grid(ctx, w, h, mm);
    const leads = Object.fromEntries(ecg.leads.map(l => [l.name, l.mv]));
    ctx.font = "12px sans-serif";
    ctx.fillStyle = "#000";
    COLUMNS.forEach((names, c) => names.forEach((name, r) => {
      const x0 = c * 2.5 * pxPerSec, base = (r + 0.5) * rowHeight;
      ctx.fillText(name, x0 + 4, base - rowHeight * 0.3);
      if (leads[name]) trace(ctx, leads[name], ecg.samplingRateHz, c * 2.5, (c + 1) * 2.5, x0, base, pxPerSec, pxPerMv);
    }));
    ctx.fillText("II", 4, 3.5 * rowHeight - rowHeight * 0.3);
    if (leads["II"]) trace(ctx, leads["II"], ecg.samplingRateHz, 0, 10, 0, 3.5 * rowHeight, pxPerSec, pxPerMv);
    canvas.dataset.drawn = ecg.ecgId;
  }

  return { draw };
})();
