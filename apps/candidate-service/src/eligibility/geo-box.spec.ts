import { haversineKm } from '../../../../libs/ml/src/features/geo';
import { boundingBox } from './geo-box';

function inside(box: ReturnType<typeof boundingBox>, lat: number, lon: number): boolean {
  const lonOk = box.minLon === null || box.maxLon === null || (lon >= box.minLon && lon <= box.maxLon);
  return lat >= box.minLat && lat <= box.maxLat && lonOk;
}

describe('boundingBox', () => {
  it('contains every point within the radius (sampled on circles around several centres)', () => {
    for (const [lat, lon] of [[41.85, -87.66], [0, 0], [-33.87, 151.21], [64.15, -21.94]]) {
      for (const km of [1, 25, 160, 1000]) {
        const box = boundingBox(lat, lon, km);
        for (let deg = 0; deg < 360; deg += 3) {
          // Walk out along a bearing to just inside the radius.
          const b = (deg * Math.PI) / 180;
          const d = (km * 0.999) / 6371.0088;
          const la1 = (lat * Math.PI) / 180;
          const la2 = Math.asin(Math.sin(la1) * Math.cos(d) + Math.cos(la1) * Math.sin(d) * Math.cos(b));
          const lo2 = (lon * Math.PI) / 180 + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(la1), Math.cos(d) - Math.sin(la1) * Math.sin(la2));
          const p = [(la2 * 180) / Math.PI, (lo2 * 180) / Math.PI];
          expect(haversineKm(lat, lon, p[0], p[1])).toBeLessThanOrEqual(km);
          expect(inside(box, p[0], p[1])).toBe(true);
        }
      }
    }
  });

  it('excludes points clearly outside the radius', () => {
    const box = boundingBox(41.85, -87.66, 25);
    expect(inside(box, 42.2, -87.66)).toBe(false); // ~39 km north
    expect(inside(box, 41.85, -87.2)).toBe(false); // ~38 km east
  });

  it('drops the longitude bound near a pole or across the antimeridian, keeping it safe', () => {
    expect(boundingBox(89.9, 0, 50)).toMatchObject({ minLon: null, maxLon: null, maxLat: 90 });
    const dateLine = boundingBox(0, 179.9, 50);
    expect(dateLine.minLon).toBeNull();
    expect(inside(dateLine, 0, -179.9)).toBe(true);
  });
});
