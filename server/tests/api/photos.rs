//! Photos: what an upload must be to be kept, what the served copies hold (no EXIF, no
//! GPS), who may add and arrange them, and what visitors then see.
use std::io::Cursor;

use image::{ImageFormat, RgbImage};
use serde_json::{json, Value};

use crate::helpers::*;

const HOST: &str = "yam.host";
const OTHER_HOST: &str = "other.host";
/// Written into the upload's EXIF block as its GPS position's note; must reach no copy.
const HOME: &[u8] = b"HOME 34.9336N 113.0781E";

fn photos_path() -> String {
    format!("/api/v1/ops/listings/lodgings/{LODGING}/photos")
}

async fn host(app: &TestApp) -> OpsSession {
    app.add_operator(HOST, "host", &[&format!("lodgings/{LODGING}")])
        .await;
    app.login(HOST).await
}

/// A picture `w` × `h` with a gradient, so each copy has something to compress.
fn picture(w: u32, h: u32, format: ImageFormat) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, format).unwrap();
    out.into_inner()
}

/// A camera-like JPEG: an EXIF block saying "turn 90° clockwise" (orientation 6) with a GPS
/// directory holding [`HOME`].
fn camera_jpeg(w: u32, h: u32) -> Vec<u8> {
    let jpeg = picture(w, h, ImageFormat::Jpeg);
    // TIFF, little-endian: IFD0 at 8 with Orientation and the GPS IFD pointer; the GPS IFD
    // at 38 with one ASCII entry (GPSProcessingMethod-like) whose text follows at 56.
    let mut tiff: Vec<u8> = b"II*\0".to_vec();
    tiff.extend(8u32.to_le_bytes());
    tiff.extend(2u16.to_le_bytes());
    tiff.extend([0x12, 0x01, 3, 0]); // Orientation, SHORT
    tiff.extend(1u32.to_le_bytes());
    tiff.extend([6, 0, 0, 0]);
    tiff.extend([0x25, 0x88, 4, 0]); // GPS IFD pointer, LONG
    tiff.extend(1u32.to_le_bytes());
    tiff.extend(38u32.to_le_bytes());
    tiff.extend(0u32.to_le_bytes());
    assert_eq!(tiff.len(), 38);
    tiff.extend(1u16.to_le_bytes());
    tiff.extend([0x1B, 0x00, 2, 0]); // GPSProcessingMethod, ASCII
    tiff.extend((HOME.len() as u32 + 1).to_le_bytes());
    tiff.extend(56u32.to_le_bytes());
    tiff.extend(0u32.to_le_bytes());
    assert_eq!(tiff.len(), 56);
    tiff.extend(HOME);
    tiff.push(0);
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend((app1.len() as u16 + 2).to_be_bytes());
    out.extend(app1);
    out.extend(&jpeg[2..]);
    out
}

/// A PNG whose header claims `w` × `h` pixels (and whose data is one empty block).
fn png_claiming(w: u32, h: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut chunk = |kind: &[u8], data: &[u8]| {
        out.extend((data.len() as u32).to_be_bytes());
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(data);
        out.extend(kind);
        out.extend(data);
        out.extend(crc.sum().to_be_bytes());
    };
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    chunk(b"IHDR", &ihdr);
    chunk(b"IDAT", &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
    chunk(b"IEND", &[]);
    out
}

async fn upload(
    app: &TestApp,
    session: Option<&OpsSession>,
    path: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    let mut req = app
        .client
        .post(app.url(path))
        .header("Content-Type", "image/jpeg")
        .header("Idempotency-Key", unique_key())
        .body(bytes);
    if let Some(s) = session {
        req = req.header("Cookie", &s.cookie);
    }
    req.send().await.expect("upload failed")
}

/// The files the media store holds.
fn kept(app: &TestApp) -> Vec<String> {
    let dir = app.dir.path().join("var/media");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

async fn public_photos(app: &TestApp) -> Vec<Value> {
    let lodging = app.get_json(&format!("/api/v1/lodgings/{LODGING}")).await;
    lodging["photos"].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn uploads_that_are_not_sound_images_are_refused_and_leave_nothing_behind() {
    let app = spawn_app().await;
    let session = host(&app).await;
    let jpeg = picture(64, 48, ImageFormat::Jpeg);
    let cases: [(&str, Vec<u8>, u16, Option<&str>); 4] = [
        (
            "text",
            b"this is not a photo at all".to_vec(),
            422,
            Some("not_an_image"),
        ),
        (
            "truncated",
            jpeg[..jpeg.len() / 2].to_vec(),
            422,
            Some("image_unreadable"),
        ),
        (
            "huge header",
            png_claiming(100_000, 100_000),
            422,
            Some("image_too_large"),
        ),
        ("17 MB", vec![0xFF; 17 * 1024 * 1024], 413, None),
    ];
    for (what, bytes, status, code) in cases {
        let res = upload(&app, Some(&session), &photos_path(), bytes).await;
        assert_eq!(res.status(), status, "{what}");
        let body: Value = res.json().await.unwrap();
        if let Some(code) = code {
            assert_eq!(body["problems"]["photo"][0]["code"], code, "{what}: {body}");
        }
    }
    assert!(
        kept(&app).is_empty(),
        "refused uploads left {:?}",
        kept(&app)
    );
    assert!(public_photos(&app).await.is_empty());
    let listed = app.ops_ok(&session, "GET", &photos_path(), None).await;
    assert_eq!(listed, json!([]));
}

#[tokio::test]
async fn an_owner_adds_and_orders_photos_and_no_served_copy_keeps_exif_or_gps() {
    let app = spawn_app().await;
    let session = host(&app).await;
    let res = upload(&app, Some(&session), &photos_path(), camera_jpeg(1600, 900)).await;
    assert_eq!(res.status(), 201);
    let photos: Value = res.json().await.unwrap();
    let first = photos[0].clone();
    // Turned upright from the EXIF orientation: 900 wide, 1600 high.
    assert_eq!(
        (first["width"].as_u64(), first["height"].as_u64()),
        (Some(900), Some(1600))
    );
    let id = first["id"].as_str().unwrap().to_owned();
    let names = kept(&app);
    assert_eq!(
        names.len(),
        6,
        "320, 640 and 900 px, each in WebP and JPEG: {names:?}"
    );
    for name in &names {
        let res = app.get(&format!("/media/{name}")).await;
        assert_eq!(res.status(), 200, "{name}");
        assert_eq!(
            res.headers()["cache-control"],
            "public, max-age=31536000, immutable"
        );
        let kind = if name.ends_with(".webp") {
            "image/webp"
        } else {
            "image/jpeg"
        };
        assert_eq!(res.headers()["content-type"], kind);
        let bytes = res.bytes().await.unwrap();
        let find = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
        assert!(
            !find(b"Exif") && !find(HOME),
            "{name} keeps the upload's EXIF"
        );
        let copy = image::load_from_memory(&bytes).expect("a copy decodes");
        let width: u32 = name
            .rsplit_once('-')
            .unwrap()
            .1
            .split('.')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(copy.width(), width, "{name}");
        assert_eq!(
            copy.height(),
            (1600 * width + 450) / 900,
            "{name}: upright and in proportion"
        );
    }

    // The same photo again is kept once; a second one goes last.
    let again = upload(&app, Some(&session), &photos_path(), camera_jpeg(1600, 900)).await;
    assert_eq!(again.status(), 201);
    assert_eq!(
        again
            .json::<Value>()
            .await
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(kept(&app).len(), 6, "stored once");
    let second = upload(
        &app,
        Some(&session),
        &photos_path(),
        picture(2000, 1000, ImageFormat::Png),
    )
    .await;
    let photos: Value = second.json().await.unwrap();
    let second_id = photos[1]["id"].as_str().unwrap().to_owned();
    assert_eq!(kept(&app).len(), 12);

    // The second becomes the cover, with alt text; visitors see that order.
    let order = json!([
        { "id": second_id, "alt": { "zh": "院子里的两间客房", "en": "The two guest rooms off the courtyard" } },
        { "id": id, "alt": { "zh": "早晨的院子", "en": "The courtyard in the morning" } },
    ]);
    app.ops_ok(&session, "PUT", &photos_path(), Some(&order))
        .await;
    let seen = public_photos(&app).await;
    assert_eq!(seen[0]["id"], second_id.as_str());
    assert_eq!(
        seen[0]["alt"]["en"],
        "The two guest rooms off the courtyard"
    );
    assert_eq!(seen[1]["id"], id.as_str());

    // A photo the listing does not have, or one named twice, changes nothing.
    for bad in [
        json!([{ "id": "0".repeat(32) }]),
        json!([{ "id": id }, { "id": id }]),
    ] {
        let res = app
            .ops(Some(&session), "PUT", &photos_path(), Some(&bad))
            .await;
        assert_eq!(res.status(), 422, "{bad}");
    }
    assert_eq!(public_photos(&app).await.len(), 2);

    // Leaving one out takes it off the listing.
    let only =
        json!([{ "id": id, "alt": { "zh": "早晨的院子", "en": "The courtyard in the morning" } }]);
    app.ops_ok(&session, "PUT", &photos_path(), Some(&only))
        .await;
    let seen = public_photos(&app).await;
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0]["id"], id.as_str());
    let actions = app.audit_actions(&session).await;
    assert!(
        actions.iter().filter(|a| *a == "photo.add").count() == 2,
        "{actions:?}"
    );
    assert!(actions.contains(&"photo.arrange".to_owned()), "{actions:?}");
}

#[tokio::test]
async fn only_the_listings_operator_adds_or_arranges_its_photos() {
    let app = spawn_app().await;
    let owner = host(&app).await;
    app.add_operator(OTHER_HOST, "host", &[]).await;
    app.add_operator("a.seller", "seller", &[&format!("lodgings/{LODGING}")])
        .await;
    let other = app.login(OTHER_HOST).await;
    let seller = app.login("a.seller").await;
    let jpeg = || picture(400, 300, ImageFormat::Jpeg);
    for (who, session, status) in [
        ("stranger", None, 401),
        ("other host", Some(&other), 404),
        ("seller", Some(&seller), 403),
    ] {
        let res = upload(&app, session, &photos_path(), jpeg()).await;
        assert_eq!(res.status(), status, "{who} uploads");
        let res = app
            .ops(session, "PUT", &photos_path(), Some(&json!([])))
            .await;
        assert_eq!(res.status(), status, "{who} arranges");
    }
    assert!(
        kept(&app).is_empty(),
        "nothing decoded for those who may not add"
    );
    let res = upload(&app, Some(&owner), &photos_path(), jpeg()).await;
    assert_eq!(res.status(), 201);
    let res = upload(
        &app,
        Some(&owner),
        "/api/v1/ops/listings/lodgings/no-such-place/photos",
        jpeg(),
    )
    .await;
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn a_room_has_photos_of_its_own_and_keeps_them_when_its_price_changes() {
    let app = spawn_app().await;
    let session = host(&app).await;
    let room_photos = format!("{}?room={ROOM}", photos_path());
    let res = upload(
        &app,
        Some(&session),
        &room_photos,
        picture(1200, 800, ImageFormat::Jpeg),
    )
    .await;
    assert_eq!(res.status(), 201);
    let id = res.json::<Value>().await.unwrap()[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let room_of = |lodging: &Value| {
        lodging["rooms"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == ROOM)
            .unwrap()
            .clone()
    };
    let lodging = app.get_json(&format!("/api/v1/lodgings/{LODGING}")).await;
    assert_eq!(room_of(&lodging)["photos"][0]["id"], id.as_str());
    assert!(
        public_photos(&app).await.is_empty(),
        "the room's, not the lodging's"
    );

    // A new price leaves the room's photos where they are.
    let mut room = room_of(&lodging);
    room.as_object_mut()
        .unwrap()
        .retain(|k, _| !["id", "photos"].contains(&k.as_str()));
    room["nightly"] = json!(26_000);
    let path = format!("/api/v1/ops/lodgings/{LODGING}/rooms/{ROOM}");
    app.ops_ok(&session, "PUT", &path, Some(&room)).await;
    let lodging = app.get_json(&format!("/api/v1/lodgings/{LODGING}")).await;
    assert_eq!(room_of(&lodging)["nightly"], 26_000);
    assert_eq!(room_of(&lodging)["photos"][0]["id"], id.as_str());

    for (path, why) in [
        (
            format!("{}?room=no-such-room", photos_path()),
            "no such room",
        ),
        (
            format!("/api/v1/ops/listings/schools/{SCHOOL}/photos?room={ROOM}"),
            "a school has no rooms",
        ),
    ] {
        let res = upload(
            &app,
            Some(&session),
            &path,
            picture(400, 300, ImageFormat::Jpeg),
        )
        .await;
        assert_eq!(res.status(), 404, "{why}");
    }
}

#[tokio::test]
async fn only_the_village_admin_adds_a_projects_photo() {
    let app = spawn_app().await;
    app.add_operator("village.admin", "admin", &[]).await;
    app.add_operator("village.finance", "finance", &[]).await;
    let path = format!("/api/v1/ops/listings/projects/{PROJECT}/photos");
    let finance = app.login("village.finance").await;
    let host = host(&app).await;
    for (who, session) in [("finance", &finance), ("a host", &host)] {
        let res = upload(
            &app,
            Some(session),
            &path,
            picture(600, 400, ImageFormat::Png),
        )
        .await;
        assert_eq!(res.status(), 403, "{who}");
    }
    let admin = app.login("village.admin").await;
    let res = upload(
        &app,
        Some(&admin),
        &path,
        picture(640, 480, ImageFormat::Png),
    )
    .await;
    assert_eq!(res.status(), 201);
    let project = app.get_json(&format!("/api/v1/projects/{PROJECT}")).await;
    assert_eq!(project["photos"].as_array().unwrap().len(), 1);
}
