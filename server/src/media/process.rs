//! An upload made into a photo: its real type read from its bytes (JPEG, PNG or WebP,
//! whatever it is called), its size checked before any pixel is decoded, turned upright
//! from its EXIF orientation, then drawn again into resized WebP and JPEG copies. Only
//! pixels pass into the copies: EXIF, GPS and every other block of the upload are left
//! behind.
use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits, RgbImage};
use model::photo::{copy_name, copy_widths, CopyFormat, Photo};
use model::{Localized, Problem};
use sha2::{Digest, Sha256};

/// Largest upload accepted: a phone camera's JPEG is 2–8 MB.
pub const UPLOAD_MAX_BYTES: usize = 16 * 1024 * 1024;

/// Most megapixels decoded: a 48 MP phone sensor's full size, not a crafted header's claim.
pub const MEGAPIXELS_MAX: u32 = 50;

/// Longest side decoded, so a 1 × 50,000,000 strip is refused too.
const SIDE_MAX: u32 = 12_000;

const JPEG_QUALITY: u8 = 80;
const WEBP_QUALITY: f32 = 75.0;

/// A checked upload: the photo as a listing records it and its copies, named.
pub struct Processed {
    pub photo: Photo,
    pub copies: Vec<(String, Vec<u8>)>,
}

/// Checks `bytes` and makes the copies; a refusal says why in a `Problem`. CPU-bound:
/// call it from a blocking task.
pub fn process(bytes: &[u8]) -> Result<Processed, Problem> {
    if bytes.len() > UPLOAD_MAX_BYTES {
        return Err(Problem::BodyTooLarge {});
    }
    let image = decode(bytes)?;
    let id = content_id(bytes);
    let (width, height) = (image.width(), image.height());
    let mut copies = Vec::new();
    // Largest first, each smaller copy from the one before: sharper and faster than
    // shrinking a 12 MP original three times.
    let mut source = image;
    for w in copy_widths(width).into_iter().rev() {
        let h = scaled_height(width, height, w);
        if (source.width(), source.height()) != (w, h) {
            source = image::imageops::resize(&source, w, h, FilterType::CatmullRom);
        }
        copies.push((copy_name(&id, w, CopyFormat::Webp), webp_bytes(&source)));
        copies.push((copy_name(&id, w, CopyFormat::Jpeg), jpeg_bytes(&source)?));
    }
    let photo = Photo {
        id,
        width,
        height,
        alt: Localized::default(),
    };
    Ok(Processed { photo, copies })
}

/// The first 128 bits of the upload's SHA-256, in hex: the same bytes, the same photo.
pub fn content_id(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

fn scaled_height(width: u32, height: u32, to: u32) -> u32 {
    ((u64::from(height) * u64::from(to) + u64::from(width) / 2) / u64::from(width)).max(1) as u32
}

/// The upload's pixels, upright, on white where it was transparent.
fn decode(bytes: &[u8]) -> Result<RgbImage, Problem> {
    let format = match image::guess_format(bytes) {
        Ok(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) => f,
        _ => return Err(Problem::NotAnImage {}),
    };
    if format == ImageFormat::Jpeg && !ends_jpeg(bytes) {
        return Err(Problem::ImageUnreadable {});
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(SIDE_MAX);
    limits.max_image_height = Some(SIDE_MAX);
    limits.max_alloc = Some(u64::from(MEGAPIXELS_MAX) * 1_000_000 * 4 + 64 * 1024 * 1024);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(refusal)?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > u64::from(MEGAPIXELS_MAX) * 1_000_000 {
        return Err(too_large());
    }
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(refusal)?;
    image.apply_orientation(orientation);
    Ok(on_white(image))
}

/// A JPEG cut short lacks its end-of-image marker; decoders would fill the rest with grey.
/// Cameras may pad after the marker, so it is looked for near the end.
fn ends_jpeg(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(4096)..];
    tail.windows(2).any(|w| w == [0xFF, 0xD9])
}

fn too_large() -> Problem {
    Problem::ImageTooLarge {
        max: MEGAPIXELS_MAX,
    }
}

fn refusal(e: image::ImageError) -> Problem {
    match e {
        image::ImageError::Limits(_) => too_large(),
        image::ImageError::Unsupported(_) => Problem::NotAnImage {},
        _ => Problem::ImageUnreadable {},
    }
}

fn on_white(image: DynamicImage) -> RgbImage {
    if !image.color().has_alpha() {
        return image.into_rgb8();
    }
    let rgba = image.into_rgba8();
    RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        let over = |c: u8| ((u16::from(c) * u16::from(a) + 255 * (255 - u16::from(a))) / 255) as u8;
        image::Rgb([over(r), over(g), over(b)])
    })
}

fn webp_bytes(image: &RgbImage) -> Vec<u8> {
    webp::Encoder::from_rgb(image.as_raw(), image.width(), image.height())
        .encode(WEBP_QUALITY)
        .to_vec()
}

fn jpeg_bytes(image: &RgbImage) -> Result<Vec<u8>, Problem> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
        .encode_image(image)
        .map_err(|_| Problem::Internal {})?;
    Ok(out)
}
