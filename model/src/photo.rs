//! Photos of a listing: which resized copies exist, what they are called, and how an
//! operator's new order of them is checked. The server makes the copies; pages pick one.
use serde::{Deserialize, Serialize};

use crate::problem::{FieldErrors, Problem};
use crate::text::Localized;

/// Widths (px) of the resized copies made of every photo: a phone card at 1× and 2×, and a
/// detail page on a large screen. No copy is wider than the upload.
pub const PHOTO_WIDTHS: [u32; 3] = [320, 640, 1280];

/// Photos a listing may hold.
pub const PHOTOS_MAX: usize = 12;

/// Longest alt text, in characters.
pub const ALT_MAX: usize = 200;

/// One photo as a listing holds it: the first of a listing's photos is its cover.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Photo {
    /// Content hash of the upload: the copies are `media/{id}-{width}.webp|jpg`.
    pub id: String,
    /// Size of the upload after turning it upright, in px.
    pub width: u32,
    pub height: u32,
    /// What the photo shows, for those who cannot see it.
    #[serde(default)]
    pub alt: Localized,
}

/// The image formats every copy is made in: WebP first, JPEG for browsers without it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CopyFormat {
    Webp,
    Jpeg,
}

impl CopyFormat {
    pub fn extension(self) -> &'static str {
        match self {
            CopyFormat::Webp => "webp",
            CopyFormat::Jpeg => "jpg",
        }
    }
}

/// The widths of the copies of a photo `width` px wide: the standard ones narrower than it,
/// and its own width where that is below the largest.
pub fn copy_widths(width: u32) -> Vec<u32> {
    let mut widths: Vec<u32> = PHOTO_WIDTHS.into_iter().filter(|w| *w < width).collect();
    let largest = PHOTO_WIDTHS[PHOTO_WIDTHS.len() - 1];
    if width <= largest || widths.is_empty() {
        widths.push(width.min(largest).max(1));
    } else {
        widths.push(largest);
    }
    widths.dedup();
    widths
}

/// The file name of one copy; the media store and every page use this one spelling.
pub fn copy_name(id: &str, width: u32, format: CopyFormat) -> String {
    format!("{id}-{width}.{}", format.extension())
}

/// True for a name `copy_name` could have made (hex id, width, known extension): what the
/// media route serves, so no other path reaches the store.
pub fn is_copy_name(name: &str) -> bool {
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    let Some((id, width)) = stem.rsplit_once('-') else {
        return false;
    };
    matches!(ext, "webp" | "jpg")
        && id.len() == 32
        && id
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        && !width.is_empty()
        && width.len() <= 5
        && width.bytes().all(|b| b.is_ascii_digit())
}

impl Photo {
    /// The widths its copies were made at.
    pub fn widths(&self) -> Vec<u32> {
        copy_widths(self.width)
    }

    /// The `srcset` of its copies in `format`, paths from the site root.
    pub fn srcset(&self, format: CopyFormat) -> String {
        self.widths()
            .iter()
            .map(|w| format!("/media/{} {w}w", copy_name(&self.id, *w, format)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The path of its copy closest to `width` px wide and at least as wide where one is.
    pub fn src(&self, width: u32, format: CopyFormat) -> String {
        let widths = self.widths();
        let w = widths
            .iter()
            .copied()
            .find(|w| *w >= width)
            .unwrap_or(widths[widths.len() - 1]);
        format!("/media/{}", copy_name(&self.id, w, format))
    }
}

/// One photo in an operator's new arrangement: which, and its alt text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PhotoPlace {
    pub id: String,
    #[serde(default)]
    pub alt: Localized,
}

/// The listing's photos in the order `places` names them (the first is the cover), each with
/// its new alt text; photos left out are taken off the listing. A photo the listing does not
/// hold, one named twice, or an alt text too long is refused.
pub fn arrange(current: &[Photo], places: &[PhotoPlace]) -> Result<Vec<Photo>, FieldErrors> {
    let mut errors = FieldErrors::default();
    let mut arranged: Vec<Photo> = Vec::with_capacity(places.len());
    for (i, place) in places.iter().enumerate() {
        let Some(photo) = current.iter().find(|p| p.id == place.id) else {
            errors.add(&format!("photos[{i}].id"), Problem::NotFound {});
            continue;
        };
        if arranged.iter().any(|p| p.id == place.id) {
            errors.add(&format!("photos[{i}].id"), Problem::AlreadyExists {});
            continue;
        }
        for (lang, text) in [("zh", &place.alt.zh), ("en", &place.alt.en)] {
            if text.chars().count() > ALT_MAX {
                errors.add(
                    &format!("photos[{i}].alt.{lang}"),
                    Problem::TooLong {
                        max: ALT_MAX as u32,
                    },
                );
            }
        }
        let alt = Localized::new(place.alt.zh.trim(), place.alt.en.trim());
        arranged.push(Photo {
            alt,
            ..photo.clone()
        });
    }
    errors.into_result(arranged)
}

/// `current` with `photo` added at the end (a listing's first photo becomes its cover); the
/// same photo uploaded again is not added twice.
pub fn add(current: &[Photo], photo: Photo) -> Result<Vec<Photo>, FieldErrors> {
    let mut photos = current.to_vec();
    if photos.iter().any(|p| p.id == photo.id) {
        return Ok(photos);
    }
    if photos.len() >= PHOTOS_MAX {
        let mut errors = FieldErrors::default();
        errors.add(
            "photo",
            Problem::TooManyPhotos {
                max: PHOTOS_MAX as u32,
            },
        );
        return Err(errors);
    }
    photos.push(photo);
    Ok(photos)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn photo(id: char) -> Photo {
        Photo {
            id: id.to_string().repeat(32),
            width: 1600,
            height: 1200,
            alt: Localized::default(),
        }
    }

    fn place(p: &Photo, en: &str) -> PhotoPlace {
        PhotoPlace {
            id: p.id.clone(),
            alt: Localized::new("照片", en),
        }
    }

    #[test]
    fn copies_are_never_wider_than_the_upload() {
        assert_eq!(copy_widths(4000), vec![320, 640, 1280]);
        assert_eq!(copy_widths(1280), vec![320, 640, 1280]);
        assert_eq!(copy_widths(900), vec![320, 640, 900]);
        assert_eq!(copy_widths(320), vec![320]);
        assert_eq!(copy_widths(200), vec![200]);
    }

    #[test]
    fn a_srcset_names_every_copy_and_src_the_smallest_wide_enough() {
        let p = photo('a');
        let a = "a".repeat(32);
        assert_eq!(
            p.srcset(CopyFormat::Webp),
            format!(
                "/media/{a}-320.webp 320w, /media/{a}-640.webp 640w, /media/{a}-1280.webp 1280w"
            )
        );
        assert_eq!(p.src(400, CopyFormat::Jpeg), format!("/media/{a}-640.jpg"));
        assert_eq!(
            p.src(5000, CopyFormat::Jpeg),
            format!("/media/{a}-1280.jpg")
        );
        assert!(is_copy_name(&copy_name(&p.id, 640, CopyFormat::Webp)));
    }

    #[test]
    fn only_names_the_media_store_could_hold_are_copy_names() {
        let a = "a".repeat(32);
        for bad in [
            format!("../{a}-320.jpg"),
            format!("{a}-320.png"),
            format!("{}-320.jpg", "A".repeat(32)),
            format!("{a}-.jpg"),
            format!("{a}320.jpg"),
            "x-320.jpg".to_owned(),
        ] {
            assert!(!is_copy_name(&bad), "{bad}");
        }
    }

    #[test]
    fn arranging_orders_renames_and_takes_off_but_never_invents() {
        let (a, b, c) = (photo('a'), photo('b'), photo('c'));
        let current = vec![a.clone(), b.clone(), c.clone()];
        let arranged = arrange(&current, &[place(&c, " cover "), place(&a, "second")]).unwrap();
        assert_eq!(arranged.len(), 2);
        assert_eq!(arranged[0].id, c.id);
        assert_eq!(arranged[0].alt.en, "cover");
        assert_eq!(arranged[1].width, 1600);

        let unknown = arrange(&current, &[place(&photo('d'), "")]).unwrap_err();
        assert_eq!(
            unknown.get("photos[0].id"),
            Some(&[Problem::NotFound {}][..])
        );
        let twice = arrange(&current, &[place(&a, ""), place(&a, "")]).unwrap_err();
        assert_eq!(
            twice.get("photos[1].id"),
            Some(&[Problem::AlreadyExists {}][..])
        );
        let long = arrange(&current, &[place(&a, &"x".repeat(ALT_MAX + 1))]).unwrap_err();
        assert!(long.get("photos[0].alt.en").is_some());
    }

    #[test]
    fn adding_the_same_photo_twice_keeps_one_and_the_list_is_bounded() {
        let a = photo('a');
        let once = add(&[], a.clone()).unwrap();
        assert_eq!(add(&once, a).unwrap().len(), 1);
        let full: Vec<Photo> = (0..PHOTOS_MAX)
            .map(|i| Photo {
                id: format!("{i:032x}"),
                ..photo('a')
            })
            .collect();
        assert!(add(&full, photo('b')).is_err());
    }
}
