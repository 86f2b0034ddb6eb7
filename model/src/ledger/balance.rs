//! What the ledger's entries add up to, per project and over all. Every project figure the
//! portal shows (raised, donors, spent) comes from here, so no page can say more than the
//! ledger holds.
use std::collections::{BTreeMap, BTreeSet};

use super::{EntryKind, LedgerEntry, SpendingStage};
use crate::listing::Project;
use crate::money::Money;

/// Money in, money paid out, what is left, and how many gifts, for one project or all.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub received: Money,
    pub paid: Money,
    /// Donations whose received amount, after corrections, is more than nothing.
    pub donors: u32,
}

impl Totals {
    /// What has come in and not been paid out.
    pub fn balance(&self) -> Money {
        Money(self.received.0 - self.paid.0)
    }

    /// Whether a correction of `amount` to an entry of `kind` keeps money received at zero or
    /// more (a spending's corrections change what was spent, not what came in).
    pub fn takes_correction(&self, kind: EntryKind, amount: Money) -> bool {
        kind == EntryKind::Out || self.received.0 + amount.0 >= 0
    }

    fn add(&mut self, entry: &LedgerEntry) {
        match (entry.kind, entry.stage) {
            (EntryKind::In, _) => self.received = self.received + entry.amount,
            (EntryKind::Out, Some(SpendingStage::Paid)) => self.paid = self.paid + entry.amount,
            // Pending and approved spendings are promises, not yet money out.
            (EntryKind::Out, _) => {}
        }
    }
}

/// What one donation is known by in the ledger: its ledger id, or, for an entry without one,
/// the entry it is or corrects.
fn gift_key(entry: &LedgerEntry) -> String {
    match &entry.donation {
        Some(id) => id.clone(),
        None => format!("#{}", entry.corrects.unwrap_or(entry.seq)),
    }
}

/// Totals per project slug, and over all projects.
pub fn totals(entries: &[LedgerEntry]) -> (BTreeMap<String, Totals>, Totals) {
    let mut per_project: BTreeMap<String, Totals> = BTreeMap::new();
    let mut all = Totals::default();
    // Net amount per (project, gift): a gift corrected down to nothing is no donor.
    let mut gifts: BTreeMap<(String, String), i64> = BTreeMap::new();
    for e in entries {
        per_project.entry(e.project.clone()).or_default().add(e);
        all.add(e);
        if e.kind == EntryKind::In {
            *gifts.entry((e.project.clone(), gift_key(e))).or_default() += e.amount.0;
        }
    }
    let mut donors_all = BTreeSet::new();
    for ((project, gift), net) in gifts {
        if net > 0 {
            if let Some(t) = per_project.get_mut(&project) {
                t.donors += 1;
            }
            donors_all.insert(gift);
        }
    }
    all.donors = u32::try_from(donors_all.len()).unwrap_or(u32::MAX);
    (per_project, all)
}

/// Sets every project's raised, donors and spent from the ledger; a project without entries
/// has raised nothing.
pub fn fill_projects(projects: &mut [Project], entries: &[LedgerEntry]) {
    let (per_project, _) = totals(entries);
    for project in projects {
        let t = per_project.get(&project.slug).copied().unwrap_or_default();
        project.raised = t.received;
        project.spent = t.paid;
        project.donors = t.donors;
    }
}

/// Projects whose stated figures differ from what the ledger adds up to, worded for a data
/// check: `"slug: raised ¥1.00, the ledger says ¥2.00"`.
pub fn mismatched_projects(projects: &[Project], entries: &[LedgerEntry]) -> Vec<String> {
    let mut filled = projects.to_vec();
    fill_projects(&mut filled, entries);
    let mut out = Vec::new();
    for (stated, ledger) in projects.iter().zip(&filled) {
        let slug = &stated.slug;
        if stated.raised != ledger.raised {
            out.push(format!(
                "project {slug}: raised {}, the ledger says {}",
                stated.raised.display(),
                ledger.raised.display()
            ));
        }
        if stated.spent != ledger.spent {
            out.push(format!(
                "project {slug}: spent {}, the ledger says {}",
                stated.spent.display(),
                ledger.spent.display()
            ));
        }
        if stated.donors != ledger.donors {
            out.push(format!(
                "project {slug}: {} donors, the ledger says {}",
                stated.donors, ledger.donors
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::entry_of;
    use super::*;

    fn gift(project: &str, id: &str, fen: i64) -> LedgerEntry {
        LedgerEntry {
            donation: Some(id.into()),
            ..entry_of(project, EntryKind::In, None, fen)
        }
    }

    #[test]
    fn only_paid_spendings_leave_the_balance_and_corrections_subtract() {
        let out = |stage, fen| entry_of("roof", EntryKind::Out, Some(stage), fen);
        let entries = vec![
            gift("roof", "D-A", 50_000),
            gift("roof", "D-B", 20_000),
            gift("roof", "D-B", -20_000),
            out(SpendingStage::Pending, 30_000),
            out(SpendingStage::Approved, 30_000),
            out(SpendingStage::Paid, 30_000),
            gift("class", "D-C", 10_000),
        ];
        let (per, all) = totals(&entries);
        assert_eq!(
            per["roof"],
            Totals {
                received: Money(50_000),
                paid: Money(30_000),
                donors: 1,
            }
        );
        assert_eq!(per["roof"].balance(), Money(20_000));
        assert_eq!(per["class"].balance(), Money(10_000));
        assert_eq!(all.balance(), Money(30_000));
        assert_eq!(all.donors, 2, "D-B was corrected to nothing");
    }

    #[test]
    fn a_gift_corrected_down_but_not_to_nothing_still_counts_once() {
        let entries = vec![
            gift("roof", "D-A", 50_000),
            gift("roof", "D-A", -10_000),
            gift("roof", "D-B", 100),
        ];
        let (per, _) = totals(&entries);
        assert_eq!(per["roof"].donors, 2);
        assert_eq!(per["roof"].received, Money(40_100));
    }

    #[test]
    fn project_figures_are_the_ledgers_whatever_the_listing_said() {
        let mut projects = vec![
            crate::listing::tests::project("roof"),
            crate::listing::tests::project("empty"),
        ];
        projects[0].raised = Money::yuan(112_400);
        projects[0].donors = 412;
        let entries = vec![
            gift("roof", "D-A", 50_000),
            gift("roof", "D-B", 30_000),
            entry_of("roof", EntryKind::Out, Some(SpendingStage::Paid), 20_000),
            entry_of("roof", EntryKind::Out, Some(SpendingStage::Approved), 5_000),
        ];
        assert_eq!(mismatched_projects(&projects, &entries).len(), 3);
        fill_projects(&mut projects, &entries);
        assert_eq!(projects[0].raised, Money(80_000));
        assert_eq!(projects[0].donors, 2);
        assert_eq!(projects[0].spent, Money(20_000));
        assert_eq!(
            (projects[1].raised, projects[1].donors, projects[1].spent),
            (Money(0), 0, Money(0))
        );
        assert!(mismatched_projects(&projects, &entries).is_empty());
    }

    #[test]
    fn a_correction_may_not_take_received_money_below_zero() {
        let t = Totals {
            received: Money(10_000),
            ..Totals::default()
        };
        assert!(t.takes_correction(EntryKind::In, Money(-10_000)));
        assert!(!t.takes_correction(EntryKind::In, Money(-10_001)));
        assert!(t.takes_correction(EntryKind::Out, Money(-50_000)));
    }
}
