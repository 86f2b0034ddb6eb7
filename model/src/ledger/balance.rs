//! What the ledger's entries add up to, per project and over all.
use std::collections::BTreeMap;

use super::{EntryKind, LedgerEntry, SpendingStage};
use crate::money::Money;

/// Money in, money paid out, and what is left, for one project or all.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub received: Money,
    pub paid: Money,
}

impl Totals {
    /// What has come in and not been paid out.
    pub fn balance(&self) -> Money {
        Money(self.received.0 - self.paid.0)
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

/// Totals per project slug, and over all projects.
pub fn totals(entries: &[LedgerEntry]) -> (BTreeMap<String, Totals>, Totals) {
    let mut per_project: BTreeMap<String, Totals> = BTreeMap::new();
    let mut all = Totals::default();
    for e in entries {
        per_project.entry(e.project.clone()).or_default().add(e);
        all.add(e);
    }
    (per_project, all)
}

#[cfg(test)]
mod tests {
    use super::super::tests::entry_of;
    use super::*;

    #[test]
    fn only_paid_spendings_leave_the_balance_and_corrections_subtract() {
        let out = |stage, fen| entry_of("roof", EntryKind::Out, Some(stage), fen);
        let entries = vec![
            entry_of("roof", EntryKind::In, None, 50_000),
            entry_of("roof", EntryKind::In, None, 20_000),
            entry_of("roof", EntryKind::In, None, -20_000),
            out(SpendingStage::Pending, 30_000),
            out(SpendingStage::Approved, 30_000),
            out(SpendingStage::Paid, 30_000),
            entry_of("class", EntryKind::In, None, 10_000),
        ];
        let (per, all) = totals(&entries);
        assert_eq!(
            per["roof"],
            Totals {
                received: Money(50_000),
                paid: Money(30_000)
            }
        );
        assert_eq!(per["roof"].balance(), Money(20_000));
        assert_eq!(per["class"].balance(), Money(10_000));
        assert_eq!(all.balance(), Money(30_000));
    }
}
