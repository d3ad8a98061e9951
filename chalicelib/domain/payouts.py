"""Plan one document per processor payout: pure, beside the journal planner, in the same plan.

A payout is posted as balanced lines, so everything the plan does for journal entries (keys,
resume, closed books, totals) holds for it too; the QBO adapter renders a document whose
`entity` is Deposit as a Deposit: the debit to the mapped bank account becomes
`DepositToAccountRef` (so TotalAmt is exactly the net and a bank feed matches it one-to-one), each
other line a deposit line (a credit positive, a debit negative):

| line | account | amount |
| --- | --- | --- |
| debit | the mapped QBO Bank account | net |
| credit | Merchant Settlement | gross (the payments settled) |
| debit | Merchant Settlement | refunds withheld (they left it with the nightly entry) |
| debit | Merchant Fees (re-mappable) | fees |
| debit / credit | Merchant Fees | adjustments (negative / positive) |
| debit / credit | the chargebacks account | chargebacks withheld / reversals |

A payout whose net is not positive cannot be a Deposit (QBO refuses a negative total): it is
planned as a JournalEntry with the same lines (the bank line credited). The key depends on the
tenant, the integration's generation and the payout id only: whatever run sees a payout, it is
one document, posted once. Payouts dated before the Go Live Date never post, like every row.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType

from chalicelib.domain.accounts import AccountKey, AccountRole, AccountSpec, clean_name
from chalicelib.domain.errors import PlanningError
from chalicelib.domain.journal import (
    DEPOSIT,
    JOURNAL_ENTRY,
    DocumentKind,
    JournalDocument,
    JournalLine,
    PostingPlan,
    PostingType,
)
from chalicelib.domain.keys import KEY_PREFIX, doc_number
from chalicelib.domain.memos import MAX_NOTE
from chalicelib.domain.money import ZERO, format_amount
from chalicelib.domain.payout_record import Payout
from chalicelib.domain.settings import PostingSettings
from chalicelib.domain.specs import account_specs

DEFAULT_FEES = "Merchant Fees"
DEFAULT_CHARGEBACKS = "Chargebacks"
MERCHANT = AccountKey(AccountRole.MERCHANT_SETTLEMENT)


@dataclass(frozen=True)
class PayoutAccounts:
    """The admin's choices: platform bank account id → QBO Bank account name, and the names of
    the fees and chargebacks accounts (None: Classbooks' defaults, found or created)."""

    banks: Mapping[str, str] = field(default_factory=dict)
    fees_account: str | None = None
    chargebacks_account: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "banks", MappingProxyType(dict(self.banks)))


def payout_key(tenant_id: str, generation: int, payout_id: str) -> str:
    """The payout's document key (also its requestid); its DocNumber derives from it."""
    digest = hashlib.sha256("\x1f".join((tenant_id, str(generation), "payout", payout_id)).encode()).hexdigest()
    return KEY_PREFIX + digest[:40]


def plan_payouts(settings: PostingSettings, accounts: PayoutAccounts, payouts: Iterable[Payout],
                 run_id: str) -> tuple[JournalDocument, ...]:
    """One document per payout dated on or after Go Live, in (date, seq) order."""
    live = sorted((p for p in payouts if p.date >= settings.go_live_date), key=lambda p: (p.date, p.seq))
    unmapped = sorted({p.bank_account for p in live if p.bank_account not in accounts.banks})
    if unmapped:
        raise PlanningError(
            f"payouts land in the platform bank account(s) {', '.join(unmapped)}, which are not mapped to a "
            "QuickBooks Bank account; map each one in the payout settings and sync again")
    return tuple(_document(settings, accounts, p, run_id) for p in live)


def with_payouts(plan: PostingPlan, settings: PostingSettings, accounts: PayoutAccounts,
                 payouts: Sequence[Payout]) -> PostingPlan:
    """`plan` with the range's payouts appended (and the accounts they post to)."""
    documents = plan_payouts(settings, accounts, payouts, plan.run_id)
    if not documents:
        return plan
    keys = {ln.account for d in documents for ln in d.lines} | {MERCHANT}
    known = {s.key for s in plan.accounts}
    specs = [_spec(k, settings) for k in sorted(keys) if k not in known]
    return dataclasses.replace(plan, documents=plan.documents + documents, accounts=plan.accounts + tuple(specs))


def _spec(key: AccountKey, settings: PostingSettings) -> AccountSpec:
    if key.role is AccountRole.PAYOUT_BANK:
        return AccountSpec(key, clean_name(key.detail or ""), "Bank", None, create=False)
    if key.role in (AccountRole.MERCHANT_FEES, AccountRole.CHARGEBACKS) and key.detail:
        return AccountSpec(key, clean_name(key.detail), None, None, create=False)  # the admin's: any type
    return account_specs([key], settings.brand, settings.studio_name)[0]


def _document(settings: PostingSettings, accounts: PayoutAccounts, p: Payout, run_id: str) -> JournalDocument:
    bank = AccountKey(AccountRole.PAYOUT_BANK, accounts.banks[p.bank_account])
    fees = AccountKey(AccountRole.MERCHANT_FEES, _chosen(accounts.fees_account, DEFAULT_FEES))
    chargebacks = AccountKey(AccountRole.CHARGEBACKS, _chosen(accounts.chargebacks_account, DEFAULT_CHARGEBACKS))
    signed = [  # debit positive
        (bank, p.net, "Payout net to the bank"),
        (MERCHANT, -p.gross, f"{_who(p)} payments settled"),
        (MERCHANT, p.refunds, "Refunds withheld by the processor"),
        (fees, p.fees, "Processing fees"),
        (fees, -p.adjustments, "Processor adjustments"),
        (chargebacks, p.chargebacks, "Chargebacks withheld"),
        (chargebacks, -p.chargeback_reversals, "Chargeback reversals"),
    ]
    lines = tuple(_line(k, amount, text) for k, amount, text in signed if amount != ZERO)
    key = payout_key(settings.tenant_id, settings.generation, p.id)
    txn_date = settings.posting_date(p.date)
    return JournalDocument(key, doc_number(key), DocumentKind.PAYOUT, p.date, txn_date,
                           _note(settings, run_id, p, bank.detail or "", txn_date), lines,
                           max(len(p.payments), 1), DEPOSIT if p.net > ZERO else JOURNAL_ENTRY)


def _chosen(name: str | None, default: str) -> str | None:
    return None if not name or name.casefold() == default.casefold() else name


def _who(p: Payout) -> str:
    return "Platform processor" if p.processor.value == "platform" else "External processor"


def _line(key: AccountKey, signed: Decimal, text: str) -> JournalLine:
    side = PostingType.DEBIT if signed > ZERO else PostingType.CREDIT
    return JournalLine(side, abs(signed), key, None, text, "payout")


def _note(settings: PostingSettings, run_id: str, p: Payout, bank: str, txn_date: dt.date) -> str:
    parts = [f"{settings.brand} payout for tenant {settings.tenant_id}", f"run {run_id}",
             f"{p.processor.value} payout {p.id} of {p.date} into {bank} (platform bank account {p.bank_account})",
             (f"gross {format_amount(p.gross)}, fees {format_amount(p.fees)}, refunds withheld "
              f"{format_amount(p.refunds)}, chargebacks {format_amount(p.chargebacks)}, reversals "
              f"{format_amount(p.chargeback_reversals)}, adjustments {format_amount(p.adjustments)}, "
              f"net {format_amount(p.net)}"),
             f"settles {len(p.payments)} named payment(s)"]
    if txn_date != p.date:
        parts.append(f"posted on {txn_date} because {p.date} is in the closed period "
                     f"(books closed through {settings.book_close_date})")
    return ("; ".join(parts) + ".")[:MAX_NOTE]
