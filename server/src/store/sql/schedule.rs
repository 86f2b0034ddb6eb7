//! Sessions in the store: the ones series offer, added a horizon ahead, and the dated list a
//! school's programmes show. The `session` table is the list; a school's document keeps the
//! programmes and their series.
use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use futures_util::future::BoxFuture;
use model::booking::{Booking, BookingStatus};
use model::notice::{Notice, NoticeEvent};
use model::schedule::LISTED_AFTER_START_DAYS;
use model::staff::{program_id, ProgramRequest, ScheduleRequest};
use model::transition::{BookingAction, BookingState, Transition};
use model::{Lodging, Problem, Program, School, Session};
use serde_json::json;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AnyPool, Row};

use super::dashboard::{audit, internal, invalid, own_doc, write_doc};
use super::{now, one_row, release_hold, timestamp, to_json, Isolation, Job};
use crate::store::{Actor, StoreError, StoreResult};

/// Adds the sessions every series offers from `today` to the horizon that the store does not
/// hold yet. A session a host cancelled or moved stays as the host left it.
#[derive(Clone)]
pub(super) struct ScheduleSeries {
    pub today: NaiveDate,
}

impl Job for ScheduleSeries {
    type Output = u64;
    // Every write is an insert that does nothing when the session's id is already there.
    const ISOLATION: Isolation = Isolation::ReadCommitted;

    fn run<'c>(self, conn: &'c mut AnyConnection) -> BoxFuture<'c, StoreResult<u64>> {
        Box::pin(async move {
            let docs: Vec<String> = sqlx::query_scalar(
                "SELECT doc FROM listing WHERE collection = 'schools' AND retired_at IS NULL",
            )
            .fetch_all(&mut *conn)
            .await?;
            let mut added = 0;
            for doc in docs {
                let school: School = serde_json::from_str(&doc)?;
                added += add_series_sessions(conn, &school, self.today).await?;
            }
            Ok(added)
        })
    }
}

/// Inserts the sessions `school`'s series offer on `today`; how many were new.
pub(super) async fn add_series_sessions(
    conn: &mut AnyConnection,
    school: &School,
    today: NaiveDate,
) -> StoreResult<u64> {
    let mut added = 0;
    for program in school.programs.iter().filter(|p| !p.retired) {
        for series in &program.series {
            for session in series.sessions_ahead(today) {
                added += sqlx::query(
                    "INSERT INTO session (id, school, program, start, capacity, booked, series)
                     VALUES ($1, $2, $3, $4, $5, 0, $6) ON CONFLICT (id) DO NOTHING",
                )
                .bind(&session.id)
                .bind(&school.slug)
                .bind(&program.id)
                .bind(session.start.to_string())
                .bind(i64::from(session.capacity))
                .bind(&series.id)
                .execute(&mut *conn)
                .await?
                .rows_affected();
            }
        }
    }
    Ok(added)
}

/// Fills each programme's sessions from the store: those not cancelled that started at most
/// [`LISTED_AFTER_START_DAYS`] before `today`, by date. Retired programmes are left out.
pub(super) async fn fill_sessions(
    reader: &AnyPool,
    schools: &mut [School],
    today: NaiveDate,
) -> StoreResult<()> {
    let since = today - Duration::days(LISTED_AFTER_START_DAYS);
    let rows: Vec<(String, String, String, String, i64, i64)> = sqlx::query_as(
        "SELECT school, program, id, start, capacity, booked FROM session
         WHERE cancelled_at IS NULL AND start >= $1 ORDER BY start, id",
    )
    .bind(since.to_string())
    .fetch_all(reader)
    .await?;
    let mut by_program: HashMap<(String, String), Vec<Session>> = HashMap::new();
    for (school, program, id, start, capacity, booked) in rows {
        by_program
            .entry((school, program))
            .or_default()
            .push(Session {
                id,
                start: super::parse_date(&start)?,
                capacity: u32::try_from(capacity).unwrap_or(0),
                booked: u32::try_from(booked).unwrap_or(u32::MAX),
            });
    }
    for school in schools {
        school.programs.retain(|p| !p.retired);
        for program in &mut school.programs {
            program.sessions = by_program
                .remove(&(school.slug.clone(), program.id.clone()))
                .unwrap_or_default();
        }
    }
    Ok(())
}

/// A host adds a series (or one session) to a programme of a school they run.
#[derive(Clone)]
pub(super) struct AddSeries {
    pub actor: Actor,
    pub school: String,
    pub program: String,
    pub series: ScheduleRequest,
    pub today: NaiveDate,
}

impl Job for AddSeries {
    type Output = Vec<Session>;

    fn run<'c>(self, conn: &'c mut AnyConnection) -> BoxFuture<'c, StoreResult<Vec<Session>>> {
        Box::pin(async move {
            let mut school = own_school(conn, &self.actor, &self.school).await?;
            let live = |p: &&mut Program| p.id == self.program && !p.retired;
            let Some(program) = school.programs.iter_mut().find(live) else {
                return Err(not_found("no such programme of yours"));
            };
            // Named by what it is, so that the same request sent again (a retry after a lost
            // answer) finds the series it made instead of doubling every date.
            let id = match self.series.every_days {
                Some(days) => format!(
                    "{}-{}-{}-every{days}",
                    self.school,
                    self.program,
                    self.series.first.format("%Y%m%d")
                ),
                None => format!(
                    "{}-{}-{}",
                    self.school,
                    self.program,
                    self.series.first.format("%Y%m%d")
                ),
            };
            let series = self
                .series
                .parse(id, self.today)
                .map_err(StoreError::Invalid)?;
            let sessions = series.sessions_ahead(self.today);
            if program.series.iter().any(|s| s.id == series.id) {
                return Ok(sessions);
            }
            program.series.push(series.clone());
            write_doc(conn, "schools", &self.school, to_json(&school)?).await?;
            add_series_sessions(conn, &school, self.today).await?;
            audit(
                conn,
                &self.actor,
                "sessions.schedule",
                &format!("program/{}/{}", self.school, self.program),
                None,
                Some(&serde_json::to_value(&series)?),
            )
            .await?;
            Ok(sessions)
        })
    }
}

/// The school document of `slug`, when `actor` runs it; not found otherwise.
async fn own_school(conn: &mut AnyConnection, actor: &Actor, slug: &str) -> StoreResult<School> {
    own_doc(conn, actor, "schools", slug, "school").await
}

fn not_found(what: &str) -> StoreError {
    StoreError::NotFound(what.into())
}

/// A session of the actor's, with what its bookings need.
struct OwnSession {
    school: String,
    start: String,
    booked: i64,
}

async fn own_session(conn: &mut AnyConnection, actor: &Actor, id: &str) -> StoreResult<OwnSession> {
    let row: Option<(String, String, i64, Option<String>)> =
        sqlx::query_as("SELECT school, start, booked, cancelled_at FROM session WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    match row {
        Some((school, start, booked, None)) if actor.scope().allows("schools", &school) => {
            Ok(OwnSession {
                school,
                start,
                booked,
            })
        }
        Some((school, _, _, Some(_))) if actor.scope().allows("schools", &school) => {
            Err(invalid("session", Problem::SessionCancelled {}))
        }
        _ => Err(not_found("no such session of yours")),
    }
}

/// The bookings that hold places in a session, with the columns [`release_hold`] reads.
async fn holding_bookings(conn: &mut AnyConnection, session: &str) -> StoreResult<Vec<AnyRow>> {
    Ok(sqlx::query(
        "SELECT id, reference, status, paid_at, session_id, persons, view FROM booking
         WHERE session_id = $1 AND status IN ('requested', 'confirmed') ORDER BY id",
    )
    .bind(session)
    .fetch_all(&mut *conn)
    .await?)
}

/// A host cancels a session: its bookings are cancelled with a full refund and the host's
/// reason on their tickets, its places are given back, and it is no longer offered.
#[derive(Clone)]
pub(super) struct CancelSession {
    pub actor: Actor,
    pub session: String,
    pub reason: String,
}

impl Job for CancelSession {
    type Output = u64;

    fn run<'c>(self, conn: &'c mut AnyConnection) -> BoxFuture<'c, StoreResult<u64>> {
        Box::pin(async move {
            let session = own_session(conn, &self.actor, &self.session).await?;
            let at = timestamp(now());
            let bookings = holding_bookings(conn, &self.session).await?;
            for row in &bookings {
                let status = BookingStatus::parse(&row.try_get::<String, _>("status")?)
                    .ok_or_else(|| internal("unknown booking status"))?;
                let from = BookingState {
                    status,
                    paid: row.try_get::<Option<String>, _>("paid_at")?.is_some(),
                };
                let Transition::To(next) = from.apply(BookingAction::CancelByHost)? else {
                    continue;
                };
                let id: i64 = row.try_get("id")?;
                let updated = sqlx::query(
                    "UPDATE booking SET status = $1, refund = price, cancelled_at = $2, decline_reason = $3, expires_at = NULL WHERE id = $4 AND status = $5",
                )
                .bind(next.status.as_str())
                .bind(&at)
                .bind(&self.reason)
                .bind(id)
                .bind(status.as_str())
                .execute(&mut *conn)
                .await?;
                one_row(updated.rows_affected())?;
                release_hold(conn, row, id).await?;
                let mut view: Booking = serde_json::from_str(&row.try_get::<String, _>("view")?)?;
                view.status = next.status;
                super::tell(
                    conn,
                    Notice::of_booking(NoticeEvent::BookingCancelled, &view),
                )
                .await?;
            }
            sqlx::query("UPDATE session SET cancelled_at = $1 WHERE id = $2")
                .bind(&at)
                .bind(&self.session)
                .execute(&mut *conn)
                .await?;
            audit(
                conn,
                &self.actor,
                "session.cancel",
                &format!("session/{}", self.session),
                Some(&json!({ "start": session.start, "booked": session.booked })),
                Some(&json!({ "cancelled_at": at, "bookings_cancelled": bookings.len(), "reason": self.reason })),
            )
            .await?;
            Ok(bookings.len() as u64)
        })
    }
}

/// A host moves a session to another day: its bookings move with it (their tickets show the
/// new date, free cancellation counted from it).
#[derive(Clone)]
pub(super) struct MoveSession {
    pub actor: Actor,
    pub session: String,
    pub start: NaiveDate,
}

impl Job for MoveSession {
    type Output = u64;

    fn run<'c>(self, conn: &'c mut AnyConnection) -> BoxFuture<'c, StoreResult<u64>> {
        Box::pin(async move {
            let session = own_session(conn, &self.actor, &self.session).await?;
            let start = self.start.to_string();
            sqlx::query("UPDATE session SET start = $1 WHERE id = $2")
                .bind(&start)
                .bind(&self.session)
                .execute(&mut *conn)
                .await?;
            let bookings = holding_bookings(conn, &self.session).await?;
            for row in &bookings {
                let view: Booking = serde_json::from_str(&row.try_get::<String, _>("view")?)?;
                let moved = view.moved_to(self.start);
                sqlx::query("UPDATE booking SET start = $1, view = $2 WHERE id = $3")
                    .bind(&start)
                    .bind(to_json(&moved)?)
                    .bind(row.try_get::<i64, _>("id")?)
                    .execute(&mut *conn)
                    .await?;
                super::tell(conn, Notice::of_booking(NoticeEvent::BookingMoved, &moved)).await?;
            }
            audit(
                conn,
                &self.actor,
                "session.move",
                &format!("session/{}", self.session),
                Some(&json!({ "start": session.start, "booked": session.booked, "school": session.school })),
                Some(&json!({ "start": start, "bookings_moved": bookings.len() })),
            )
            .await?;
            Ok(bookings.len() as u64)
        })
    }
}

/// A host closes nights of a lodging they run (every room, or one): nobody can book them.
/// Refused, with nothing closed, when a booking holds any of them.
#[derive(Clone)]
pub(super) struct CloseNights {
    pub actor: Actor,
    pub lodging: String,
    pub room: Option<String>,
    pub nights: Vec<NaiveDate>,
    pub reason: String,
}

impl Job for CloseNights {
    type Output = u64;
    // Every night is one row under the (lodging, room, night) key that bookings take too: a
    // booking that got there first makes the insert fail and the job run again, and see it.
    const ISOLATION: Isolation = Isolation::ReadCommitted;

    fn run<'c>(self, conn: &'c mut AnyConnection) -> BoxFuture<'c, StoreResult<u64>> {
        Box::pin(async move {
            let rooms = own_rooms(conn, &self.actor, &self.lodging, self.room.as_deref()).await?;
            let (Some(first), Some(last)) = (self.nights.first(), self.nights.last()) else {
                return Ok(0);
            };
            let held: Vec<(String, String, Option<i64>)> = sqlx::query_as(
                "SELECT room, night, booking_id FROM room_night WHERE lodging = $1 AND night >= $2 AND night <= $3",
            )
            .bind(&self.lodging)
            .bind(first.to_string())
            .bind(last.to_string())
            .fetch_all(&mut *conn)
            .await?;
            let booked: Vec<NaiveDate> = held
                .iter()
                .filter(|(room, _, booking)| booking.is_some() && rooms.contains(room))
                .map(|(_, night, _)| super::parse_date(night))
                .collect::<StoreResult<_>>()?;
            if !booked.is_empty() {
                let mut nights = booked;
                nights.sort();
                nights.dedup();
                let problem = Problem::RoomTaken { nights };
                let mut errors = model::FieldErrors::default();
                errors.add("from", problem.clone());
                return Err(StoreError::Unavailable { problem, errors });
            }
            let mut closed = 0;
            for room in &rooms {
                for night in &self.nights {
                    let night = night.to_string();
                    if held.iter().any(|(r, n, _)| r == room && *n == night) {
                        continue; // closed already
                    }
                    closed += sqlx::query(
                        "INSERT INTO room_night (lodging, room, night, booking_id, closure) VALUES ($1, $2, $3, NULL, $4)",
                    )
                    .bind(&self.lodging)
                    .bind(room)
                    .bind(&night)
                    .bind(&self.reason)
                    .execute(&mut *conn)
                    .await?
                    .rows_affected();
                }
            }
            audit(
                conn,
                &self.actor,
                "nights.close",
                &format!("lodging/{}", self.lodging),
                None,
                Some(&json!({ "rooms": rooms, "from": first, "to": last, "reason": self.reason, "closed": closed })),
            )
            .await?;
            Ok(closed)
        })
    }
}

/// A host opens closed nights again (bookings are not touched).
#[derive(Clone)]
pub(super) struct ReopenNights {
    pub actor: Actor,
    pub lodging: String,
    pub room: Option<String>,
    pub nights: Vec<NaiveDate>,
}

impl Job for ReopenNights {
    type Output = u64;

    fn run<'c>(self, conn: &'c mut AnyConnection) -> BoxFuture<'c, StoreResult<u64>> {
        Box::pin(async move {
            let rooms = own_rooms(conn, &self.actor, &self.lodging, self.room.as_deref()).await?;
            let mut opened = 0;
            for room in &rooms {
                for night in &self.nights {
                    opened += sqlx::query(
                        "DELETE FROM room_night WHERE lodging = $1 AND room = $2 AND night = $3 AND booking_id IS NULL",
                    )
                    .bind(&self.lodging)
                    .bind(room)
                    .bind(night.to_string())
                    .execute(&mut *conn)
                    .await?
                    .rows_affected();
                }
            }
            audit(
                conn,
                &self.actor,
                "nights.reopen",
                &format!("lodging/{}", self.lodging),
                None,
                Some(&json!({ "rooms": rooms, "from": self.nights.first(), "to": self.nights.last(), "opened": opened })),
            )
            .await?;
            Ok(opened)
        })
    }
}

/// The room ids of the actor's lodging `slug`: `room` alone, or all of them.
async fn own_rooms(
    conn: &mut AnyConnection,
    actor: &Actor,
    slug: &str,
    room: Option<&str>,
) -> StoreResult<Vec<String>> {
    let lodging: Lodging = own_doc(conn, actor, "lodgings", slug, "lodging").await?;
    let rooms: Vec<String> = lodging
        .rooms
        .into_iter()
        .map(|r| r.id)
        .filter(|id| room.is_none_or(|wanted| wanted == id))
        .collect();
    if rooms.is_empty() {
        return Err(not_found("no such room of yours"));
    }
    Ok(rooms)
}

/// A host creates a programme (`program` absent) or edits one of their school's, keeping its
/// dates.
#[derive(Clone)]
pub(super) struct SaveProgram {
    pub actor: Actor,
    pub school: String,
    pub program: Option<String>,
    pub request: ProgramRequest,
}

impl Job for SaveProgram {
    type Output = Program;

    fn run<'c>(self, conn: &'c mut AnyConnection) -> BoxFuture<'c, StoreResult<Program>> {
        Box::pin(async move {
            let mut school = own_school(conn, &self.actor, &self.school).await?;
            let (before, saved) = match &self.program {
                Some(id) => {
                    let Some(slot) = school
                        .programs
                        .iter_mut()
                        .find(|p| &p.id == id && !p.retired)
                    else {
                        return Err(not_found("no such programme of yours"));
                    };
                    let before = serde_json::to_value(&*slot)?;
                    *slot = self.request.clone().program(id.clone(), Some(slot));
                    (Some(before), slot.clone())
                }
                None => {
                    let taken: Vec<&str> = school.programs.iter().map(|p| p.id.as_str()).collect();
                    let id = program_id(&self.request.name.en, &taken);
                    let program = self.request.clone().program(id, None);
                    school.programs.push(program.clone());
                    (None, program)
                }
            };
            write_doc(conn, "schools", &self.school, to_json(&school)?).await?;
            let action = if before.is_some() {
                "program.edit"
            } else {
                "program.create"
            };
            audit(
                conn,
                &self.actor,
                action,
                &format!("program/{}/{}", self.school, saved.id),
                before.as_ref(),
                Some(&serde_json::to_value(&saved)?),
            )
            .await?;
            Ok(saved)
        })
    }
}

/// A host retires a programme: visitors no longer see or book it, its series stop, and the
/// bookings already made stay as they are.
#[derive(Clone)]
pub(super) struct RetireProgram {
    pub actor: Actor,
    pub school: String,
    pub program: String,
}

impl Job for RetireProgram {
    type Output = ();

    fn run<'c>(self, conn: &'c mut AnyConnection) -> BoxFuture<'c, StoreResult<()>> {
        Box::pin(async move {
            let mut school = own_school(conn, &self.actor, &self.school).await?;
            let Some(program) = school.programs.iter_mut().find(|p| p.id == self.program) else {
                return Err(not_found("no such programme of yours"));
            };
            if program.retired {
                return Ok(());
            }
            program.retired = true;
            write_doc(conn, "schools", &self.school, to_json(&school)?).await?;
            audit(
                conn,
                &self.actor,
                "program.retire",
                &format!("program/{}/{}", self.school, self.program),
                Some(&json!({ "retired": false })),
                Some(&json!({ "retired": true })),
            )
            .await
        })
    }
}
