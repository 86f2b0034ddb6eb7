//! The sample data's photos, painted here rather than downloaded: a training ground, a
//! courtyard lodging, fresh iron-stick yam, a practice uniform and an old hall's roof, each a
//! JPEG "upload" that then goes through the same checks and copies as an operator's.
//! `server sample-photos` writes them to `public/media/`.
use image::{Rgb, RgbImage};

const W: u32 = 1600;
const H: u32 = 1066;

/// The scenes there are, by name.
pub const SCENES: [&str; 5] = [
    "training-ground",
    "courtyard",
    "yam",
    "uniform",
    "hall-roof",
];

/// Paints scene `name` as a JPEG upload; `None` for an unknown name.
pub fn upload(name: &str) -> Option<Vec<u8>> {
    let mut canvas = Canvas::new(name);
    match name {
        "training-ground" => canvas.training_ground(),
        "courtyard" => canvas.courtyard(),
        "yam" => canvas.yam(),
        "uniform" => canvas.uniform(),
        "hall-roof" => canvas.hall_roof(),
        _ => return None,
    }
    canvas.grain(10);
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 92)
        .encode_image(&canvas.img)
        .ok()?;
    Some(out)
}

type Colour = [f32; 3];

struct Canvas {
    img: RgbImage,
    seed: u64,
}

fn mix(a: Colour, b: Colour, t: f32) -> Colour {
    let t = t.clamp(0.0, 1.0);
    [0, 1, 2].map(|i| a[i] + (b[i] - a[i]) * t)
}

impl Canvas {
    fn new(name: &str) -> Self {
        let seed = name.bytes().fold(0x9E37_79B9_7F4A_7C15u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01B3)
        });
        Canvas {
            img: RgbImage::new(W, H),
            seed,
        }
    }

    fn random(&mut self) -> f32 {
        self.seed ^= self.seed << 13;
        self.seed ^= self.seed >> 7;
        self.seed ^= self.seed << 17;
        (self.seed >> 40) as f32 / (1u64 << 24) as f32
    }

    fn put(&mut self, x: i64, y: i64, c: Colour, alpha: f32) {
        if x < 0 || y < 0 || x >= i64::from(W) || y >= i64::from(H) {
            return;
        }
        let p = self.img.get_pixel_mut(x as u32, y as u32);
        let old = [p[0] as f32, p[1] as f32, p[2] as f32];
        let new = mix(old, c, alpha);
        *p = Rgb(new.map(|v| v.round().clamp(0.0, 255.0) as u8));
    }

    /// Top to bottom from `top` to `bottom` between rows `y0` and `y1`.
    fn gradient(&mut self, y0: u32, y1: u32, top: Colour, bottom: Colour) {
        for y in y0..y1.min(H) {
            let c = mix(top, bottom, (y - y0) as f32 / (y1 - y0).max(1) as f32);
            for x in 0..W {
                self.put(i64::from(x), i64::from(y), c, 1.0);
            }
        }
    }

    /// A filled polygon, edges softened over a pixel.
    fn polygon(&mut self, points: &[(f32, f32)], c: Colour, alpha: f32) {
        let (min_y, max_y) = points
            .iter()
            .fold((f32::MAX, f32::MIN), |(a, b), p| (a.min(p.1), b.max(p.1)));
        for y in min_y.floor() as i64..=max_y.ceil() as i64 {
            let yc = y as f32 + 0.5;
            let mut xs: Vec<f32> = Vec::new();
            for i in 0..points.len() {
                let (a, b) = (points[i], points[(i + 1) % points.len()]);
                if (a.1 <= yc && b.1 > yc) || (b.1 <= yc && a.1 > yc) {
                    xs.push(a.0 + (yc - a.1) / (b.1 - a.1) * (b.0 - a.0));
                }
            }
            xs.sort_by(f32::total_cmp);
            for pair in xs.chunks(2) {
                if let [x0, x1] = pair {
                    for x in x0.floor() as i64..=x1.ceil() as i64 {
                        let cover =
                            ((x as f32 + 1.0).min(*x1) - (x as f32).max(*x0)).clamp(0.0, 1.0);
                        self.put(x, y, c, alpha * cover);
                    }
                }
            }
        }
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, c: Colour) {
        self.polygon(&[(x, y), (x + w, y), (x + w, y + h), (x, y + h)], c, 1.0);
    }

    fn ellipse(&mut self, cx: f32, cy: f32, rx: f32, ry: f32, c: Colour, alpha: f32) {
        for y in (cy - ry) as i64..=(cy + ry) as i64 {
            for x in (cx - rx) as i64..=(cx + rx) as i64 {
                let d = ((x as f32 - cx) / rx).powi(2) + ((y as f32 - cy) / ry).powi(2);
                if d <= 1.0 {
                    let edge = ((1.0 - d) * rx.min(ry) * 0.5).clamp(0.0, 1.0);
                    self.put(x, y, c, alpha * edge);
                }
            }
        }
    }

    /// A rotated thick line with round ends: limbs, roots, sticks.
    fn stroke(&mut self, a: (f32, f32), b: (f32, f32), width: f32, c: Colour) {
        let steps = ((b.0 - a.0).hypot(b.1 - a.1) / 2.0).max(1.0) as usize;
        for i in 0..=steps {
            let t = i as f32 / steps as f32;
            let (x, y) = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
            self.ellipse(x, y, width / 2.0, width / 2.0, c, 1.0);
        }
    }

    /// Ridge after ridge of hills fading into haze.
    fn hills(&mut self, base: f32, far: Colour, near: Colour, ridges: usize) {
        for r in 0..ridges {
            let t = r as f32 / ridges.max(2) as f32;
            let c = mix(far, near, t);
            let y = base + t * 90.0;
            let phase = self.random() * 6.0;
            let mut pts = vec![(0.0, H as f32)];
            for i in 0..=40 {
                let x = i as f32 * W as f32 / 40.0;
                let h = (x / 170.0 + phase).sin() * 28.0 + (x / 61.0 + phase * 2.0).sin() * 9.0;
                pts.push((x, y - h - 40.0 * (1.0 - t)));
            }
            pts.push((W as f32, H as f32));
            self.polygon(&pts, c, 1.0);
        }
    }

    /// Film grain and a soft vignette, so flat paint reads as a photograph.
    fn grain(&mut self, strength: u8) {
        let (cx, cy) = (W as f32 / 2.0, H as f32 / 2.0);
        for y in 0..H {
            for x in 0..W {
                let n = (self.random() - 0.5) * f32::from(strength);
                let d = ((x as f32 - cx) / cx).powi(2) + ((y as f32 - cy) / cy).powi(2);
                let shade = 1.0 - 0.22 * d.min(1.5);
                let p = self.img.get_pixel_mut(x, y);
                for v in p.0.iter_mut() {
                    *v = ((*v as f32) * shade + n).round().clamp(0.0, 255.0) as u8;
                }
            }
        }
    }

    /// A hall with a grey tiled roof whose eaves turn up, red pillars and a dark doorway.
    fn hall(&mut self, x: f32, ground: f32, w: f32, h: f32) {
        let roof = ground - h;
        self.rect(x, roof, w, h, [176.0, 160.0, 140.0]);
        for i in 0..6 {
            let px = x + w * (0.06 + 0.176 * i as f32);
            self.rect(px, roof + 10.0, w * 0.035, h - 10.0, [150.0, 38.0, 30.0]);
        }
        self.rect(
            x + w * 0.4,
            ground - h * 0.7,
            w * 0.2,
            h * 0.7,
            [52.0, 36.0, 30.0],
        );
        let lift = h * 0.45;
        self.polygon(
            &[
                (x - w * 0.12, roof + 6.0 - lift * 0.25),
                (x + w * 0.1, roof - lift * 0.8),
                (x + w * 0.9, roof - lift * 0.8),
                (x + w * 1.12, roof + 6.0 - lift * 0.25),
                (x + w * 0.95, roof + 14.0),
                (x + w * 0.05, roof + 14.0),
            ],
            [70.0, 72.0, 78.0],
            1.0,
        );
        self.rect(
            x + w * 0.08,
            roof - lift * 0.86,
            w * 0.84,
            8.0,
            [48.0, 50.0, 56.0],
        );
        for i in 0..28 {
            let tx = x - w * 0.06 + i as f32 * w * 1.12 / 28.0;
            self.rect(tx, roof - lift * 0.6, 2.0, lift * 0.6, [58.0, 60.0, 66.0]);
        }
    }

    /// A figure in a tai chi posture, seen from afar.
    fn figure(&mut self, x: f32, ground: f32, scale: f32, lean: f32) {
        let c = [235.0, 232.0, 224.0];
        let s = scale;
        let hip = (x, ground - 46.0 * s);
        let neck = (x + lean * 6.0 * s, ground - 84.0 * s);
        self.stroke((x - 14.0 * s, ground), hip, 9.0 * s, c);
        self.stroke((x + 16.0 * s, ground - 2.0 * s), hip, 9.0 * s, c);
        self.stroke(hip, neck, 15.0 * s, c);
        self.stroke(neck, (x + 30.0 * s, ground - 74.0 * s), 6.0 * s, c);
        self.stroke(neck, (x - 24.0 * s, ground - 90.0 * s), 6.0 * s, c);
        self.ellipse(
            neck.0,
            neck.1 - 10.0 * s,
            7.0 * s,
            8.0 * s,
            [60.0, 45.0, 35.0],
            1.0,
        );
        self.ellipse(x, ground, 26.0 * s, 4.0 * s, [60.0, 50.0, 40.0], 0.35);
    }

    fn training_ground(&mut self) {
        self.gradient(0, 560, [150.0, 188.0, 222.0], [236.0, 226.0, 205.0]);
        self.hills(470.0, [170.0, 182.0, 190.0], [108.0, 122.0, 110.0], 3);
        self.gradient(600, H, [196.0, 172.0, 136.0], [160.0, 132.0, 98.0]);
        self.hall(520.0, 610.0, 560.0, 150.0);
        for (tx, ty) in [(190.0, 600.0), (1380.0, 590.0)] {
            self.stroke((tx, ty), (tx + 8.0, ty - 170.0), 22.0, [78.0, 60.0, 44.0]);
            for k in 0..9 {
                let a = k as f32 * 0.7;
                let (ox, oy) = (a.cos() * 90.0, a.sin() * 45.0 - 200.0);
                self.ellipse(tx + ox, ty + oy, 85.0, 60.0, [70.0, 104.0, 58.0], 0.85);
            }
        }
        for i in 0..7 {
            let row = (i / 4) as f32;
            let x = 360.0 + (i % 4) as f32 * 260.0 + row * 130.0;
            let ground = 760.0 + row * 150.0;
            let lean = if i % 2 == 0 { 1.0 } else { -1.0 };
            self.figure(x, ground, 1.3 + row * 0.35, lean);
        }
    }

    fn courtyard(&mut self) {
        self.gradient(0, 420, [128.0, 172.0, 214.0], [226.0, 232.0, 236.0]);
        self.gradient(420, H, [168.0, 162.0, 156.0], [120.0, 112.0, 106.0]);
        for i in 0..12 {
            let y = 440.0 + i as f32 * 54.0;
            self.rect(0.0, y, W as f32, 2.0, [104.0, 98.0, 94.0]);
        }
        self.rect(0.0, 160.0, 260.0, 520.0, [132.0, 130.0, 132.0]);
        self.rect(1340.0, 160.0, 260.0, 520.0, [132.0, 130.0, 132.0]);
        self.hall(330.0, 560.0, 940.0, 250.0);
        for (lx, ly) in [(560.0, 330.0), (1040.0, 330.0)] {
            self.stroke((lx, ly - 40.0), (lx, ly - 20.0), 3.0, [40.0, 30.0, 20.0]);
            self.ellipse(lx, ly, 34.0, 42.0, [214.0, 40.0, 32.0], 1.0);
            self.rect(lx - 16.0, ly + 38.0, 32.0, 8.0, [230.0, 180.0, 60.0]);
        }
        for k in 0..6 {
            let x = 180.0 + k as f32 * 36.0;
            self.ellipse(x, 820.0, 40.0, 26.0, [72.0, 118.0, 60.0], 0.9);
        }
        self.rect(120.0, 800.0, 200.0, 90.0, [140.0, 96.0, 60.0]);
    }

    fn yam(&mut self) {
        self.gradient(0, H, [120.0, 84.0, 54.0], [88.0, 58.0, 36.0]);
        for i in 0..18 {
            let y = i as f32 * 62.0 + self.random() * 20.0;
            self.rect(0.0, y, W as f32, 3.0, [70.0, 46.0, 28.0]);
        }
        for i in 0..7 {
            let x0 = 140.0 + i as f32 * 40.0 + self.random() * 30.0;
            let y0 = 230.0 + i as f32 * 92.0;
            let x1 = x0 + 1180.0 + self.random() * 120.0;
            let y1 = y0 + 60.0 - self.random() * 80.0;
            self.ellipse(
                (x0 + x1) / 2.0,
                (y0 + y1) / 2.0 + 34.0,
                620.0,
                18.0,
                [40.0, 26.0, 16.0],
                0.4,
            );
            self.stroke((x0, y0), (x1, y1), 46.0, [150.0, 118.0, 88.0]);
            self.stroke((x0, y0 - 8.0), (x1, y1 - 8.0), 18.0, [182.0, 150.0, 116.0]);
            for k in 0..40 {
                let t = k as f32 / 40.0;
                let (x, y) = (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t);
                self.ellipse(x, y + 6.0, 3.0, 3.0, [96.0, 70.0, 48.0], 0.8);
            }
        }
        self.ellipse(1380.0, 140.0, 120.0, 90.0, [240.0, 238.0, 230.0], 0.95);
        self.ellipse(1380.0, 140.0, 80.0, 56.0, [238.0, 226.0, 200.0], 1.0);
    }

    fn uniform(&mut self) {
        self.gradient(0, H, [218.0, 212.0, 202.0], [188.0, 180.0, 168.0]);
        let c = [246.0, 244.0, 238.0];
        let shade = [214.0, 210.0, 202.0];
        self.polygon(
            &[
                (560.0, 170.0),
                (1040.0, 170.0),
                (1320.0, 330.0),
                (1230.0, 470.0),
                (1090.0, 400.0),
                (1090.0, 900.0),
                (510.0, 900.0),
                (510.0, 400.0),
                (370.0, 470.0),
                (280.0, 330.0),
            ],
            c,
            1.0,
        );
        self.polygon(
            &[(700.0, 170.0), (800.0, 330.0), (900.0, 170.0)],
            [190.0, 180.0, 170.0],
            1.0,
        );
        self.rect(792.0, 330.0, 16.0, 570.0, shade);
        for i in 0..6 {
            let y = 380.0 + i as f32 * 80.0;
            self.stroke((740.0, y), (860.0, y), 10.0, [60.0, 50.0, 44.0]);
            self.ellipse(740.0, y, 12.0, 12.0, [60.0, 50.0, 44.0], 1.0);
            self.ellipse(860.0, y, 12.0, 12.0, [60.0, 50.0, 44.0], 1.0);
        }
        for k in 0..12 {
            let x = 540.0 + k as f32 * 45.0;
            self.stroke((x, 420.0), (x + 8.0, 880.0), 3.0, shade);
        }
        self.ellipse(1300.0, 860.0, 160.0, 60.0, [180.0, 40.0, 36.0], 1.0);
    }

    fn hall_roof(&mut self) {
        self.gradient(0, 700, [140.0, 176.0, 206.0], [230.0, 224.0, 214.0]);
        self.gradient(700, H, [150.0, 140.0, 128.0], [110.0, 100.0, 90.0]);
        self.hall(260.0, 820.0, 1080.0, 300.0);
        for k in 0..14 {
            let x = 300.0 + k as f32 * 70.0;
            let missing = k % 4 == 1;
            if missing {
                self.rect(x, 420.0, 46.0, 40.0, [120.0, 96.0, 70.0]);
            }
        }
        for (x, top) in [(210.0, 200.0), (1390.0, 200.0)] {
            self.rect(x, top, 14.0, 640.0, [160.0, 130.0, 90.0]);
            for r in 0..8 {
                let y = top + r as f32 * 80.0;
                self.rect(x - 40.0, y, 94.0, 8.0, [160.0, 130.0, 90.0]);
            }
        }
    }
}
