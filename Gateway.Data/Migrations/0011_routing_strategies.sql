-- The routing engine orders candidates by throughput too, and a policy may simply fix failover order
-- for a scope: widen the allowed words to what it understands.
alter table model_aliases drop constraint model_aliases_strategy_valid;
alter table model_aliases add constraint model_aliases_strategy_valid
    check (strategy in ('failover', 'weighted', 'latency', 'cost', 'hybrid', 'throughput'));

alter table routing_policies drop constraint routing_policies_type_valid;
alter table routing_policies add constraint routing_policies_type_valid
    check (type in ('deterministic', 'failover', 'weighted', 'latency', 'cost', 'hybrid', 'throughput'));
