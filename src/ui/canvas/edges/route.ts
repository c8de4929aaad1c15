// SVG paths for the canvas's orthogonal lines: a polyline with rounded corners. Pure, so the route
// a Service line takes (cluster-layout's endpointRoute) can be checked without a browser.

export type Point = readonly [number, number];

/** Drop repeated points and middle points on a straight run (they would make zero-radius corners). */
export function simplify(points: readonly Point[]): Point[] {
  const out: Point[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (last && last[0] === p[0] && last[1] === p[1]) continue;
    const prev = out[out.length - 2];
    if (prev && last && ((prev[0] === last[0] && last[0] === p[0]) || (prev[1] === last[1] && last[1] === p[1]))) out.pop();
    out.push(p);
  }
  return out;
}

/**
 * "M x y L ... Q ..." through `points` (axis-parallel segments), each corner rounded with at most
 * `radius`, less where a segment is too short for it.
 * Example: [[0,0],[0,10],[10,10]], radius 4 -> 'M 0 0 L 0 6 Q 0 10 4 10 L 10 10'.
 */
export function roundedPath(points: readonly Point[], radius: number): string {
  const pts = simplify(points);
  if (pts.length === 0) return '';
  const parts = [`M ${pts[0][0]} ${pts[0][1]}`];
  for (let i = 1; i < pts.length - 1; i++) {
    const [px, py] = pts[i - 1];
    const [cx, cy] = pts[i];
    const [nx, ny] = pts[i + 1];
    const r = Math.min(radius, Math.hypot(cx - px, cy - py) / 2, Math.hypot(nx - cx, ny - cy) / 2);
    const inX = cx - Math.sign(cx - px) * r;
    const inY = cy - Math.sign(cy - py) * r;
    const outX = cx + Math.sign(nx - cx) * r;
    const outY = cy + Math.sign(ny - cy) * r;
    parts.push(`L ${inX} ${inY}`, `Q ${cx} ${cy} ${outX} ${outY}`);
  }
  const end = pts[pts.length - 1];
  parts.push(`L ${end[0]} ${end[1]}`);
  return parts.join(' ');
}

/**
 * A Service line: down (or up) from the pill to its lane, along the lane to the gap beside the pod's
 * container, along the gap to the pod's entry height, and into the pod's side.
 */
export function endpointPoints(source: Point, target: Point, laneY: number, gapX: number): Point[] {
  return [source, [source[0], laneY], [gapX, laneY], [gapX, target[1]], target];
}
