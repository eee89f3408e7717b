// Grids of small grey images (RBM filters, chain samples, reconstructions) drawn on a canvas from the engine's
// tile payload (see cheaplab.lab.rbm.ImageTiles): {count, columns, tileWidth, tileHeight,
// encoding: "u8-grey-base64", data}, tile after tile, each row-major, 0 = black, 255 = white.
// Pixels are scaled up by a whole number of device pixels with smoothing off, so every image pixel stays a
// crisp square. Options come from the canvas's data-* attributes: data-max-scale (CSS pixels per image
// pixel, default 4) and data-row-labels ("test digit|reconstruction": a label left of each grid row).

export const ENCODING = 'u8-grey-base64';
const GAP = 2; // CSS pixels between tiles
const LABEL_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif';
const BACKGROUND = '#ffffff';
const INK_2 = '#3e4c59';

/** The payload's pixels as bytes; throws on an encoding or size this code does not know. */
export function decodeTiles(payload) {
  if (!payload || payload.encoding !== ENCODING) throw new Error(`tiles: unknown encoding ${payload && payload.encoding}`);
  const { count, tileWidth: w, tileHeight: h } = payload;
  const text = atob(payload.data);
  if (text.length !== count * w * h) throw new Error(`tiles: ${text.length} bytes for ${count} tiles of ${w}×${h}`);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/**
 * Draws `payload` on `canvas`, as large as its container allows (whole-pixel scale, at most data-max-scale).
 * Returns the number of tiles drawn (0 clears the canvas).
 */
export function drawTiles(canvas, payload) {
  const ctx = canvas.getContext('2d');
  if (!payload || !payload.count) {
    canvas.width = 0;
    canvas.height = 0;
    return 0;
  }
  const bytes = decodeTiles(payload);
  const { count, tileWidth: tw, tileHeight: th } = payload;
  const columns = Math.max(1, Math.min(payload.columns || count, count));
  const rows = Math.ceil(count / columns);
  const labels = (canvas.dataset.rowLabels || '').split('|').filter(Boolean);
  const maxScale = Number(canvas.dataset.maxScale) || 4;
  const dpr = window.devicePixelRatio || 1;

  // Sizes in device pixels.
  const gap = Math.max(1, Math.round(GAP * dpr));
  ctx.font = `${Math.round(11 * dpr)}px ${LABEL_FONT}`;
  const labelWidth = labels.length ? Math.ceil(Math.max(...labels.map((l) => ctx.measureText(l).width)) + 8 * dpr) : 0;
  const room = Math.floor((canvas.parentElement.clientWidth || 300) * dpr) - labelWidth - (columns - 1) * gap;
  const scale = Math.max(1, Math.min(Math.floor(maxScale * dpr), Math.floor(room / (columns * tw))));
  const width = labelWidth + columns * tw * scale + (columns - 1) * gap;
  const height = rows * th * scale + (rows - 1) * gap;
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  canvas.style.width = `${width / dpr}px`;
  canvas.style.height = `${height / dpr}px`;

  // All tiles at native size on one scratch canvas, then each copied scaled up without smoothing.
  const sheet = document.createElement('canvas');
  sheet.width = columns * tw;
  sheet.height = rows * th;
  const image = new ImageData(sheet.width, sheet.height);
  const px = image.data;
  for (let t = 0; t < count; t++) {
    const ox = (t % columns) * tw;
    const oy = Math.floor(t / columns) * th;
    for (let r = 0; r < th; r++) {
      for (let c = 0; c < tw; c++) {
        const g = bytes[t * tw * th + r * tw + c];
        const o = ((oy + r) * sheet.width + ox + c) * 4;
        px[o] = g;
        px[o + 1] = g;
        px[o + 2] = g;
        px[o + 3] = 255;
      }
    }
  }
  sheet.getContext('2d').putImageData(image, 0, 0);

  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.fillStyle = BACKGROUND;
  ctx.fillRect(0, 0, width, height);
  for (let t = 0; t < count; t++) {
    const col = t % columns;
    const row = Math.floor(t / columns);
    ctx.drawImage(sheet, col * tw, row * th, tw, th,
      labelWidth + col * (tw * scale + gap), row * (th * scale + gap), tw * scale, th * scale);
  }
  if (labels.length) {
    ctx.font = `${Math.round(11 * dpr)}px ${LABEL_FONT}`;
    ctx.fillStyle = INK_2;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (let row = 0; row < rows && row < labels.length; row++) {
      ctx.fillText(labels[row], labelWidth - 6 * dpr, row * (th * scale + gap) + (th * scale) / 2);
    }
  }
  canvas.dataset.scale = String(scale / dpr);
  return count;
}
