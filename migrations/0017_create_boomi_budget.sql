-- One Boomi request budget per Boomi account shared by every replica (ADR 0016). The row is the
-- whole state of a GCRA token bucket: `tat`, when the next request would go if the budget were
-- drained at its rate, and `foreground_until`, the latest moment a foreground (promotion) caller
-- holds a reservation for; background work (drift checks) takes a slot only after it. Both are
-- written with the server's clock only, so the replicas' own clocks never matter.
create table boomi_budget (
  budget_key text primary key,
  tat timestamptz not null default now(),
  foreground_until timestamptz not null default now()
);
