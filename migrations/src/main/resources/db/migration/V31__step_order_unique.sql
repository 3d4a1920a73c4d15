-- Issue 14: two steps added through the admin API both got step_order 0. Steps of a plan now
-- have distinct orders. Plans that already hold duplicates are renumbered 1..n in their current
-- order (step_order, then creation), which keeps how they ran. The constraint is deferred to
-- commit so a reorder (swapping two steps) can be written in one transaction.
UPDATE steps s SET step_order = n.rn
FROM (SELECT id, row_number() OVER (PARTITION BY plan_id ORDER BY step_order, created_at, id) AS rn
      FROM steps
      WHERE plan_id IN (SELECT plan_id FROM steps GROUP BY plan_id, step_order HAVING count(*) > 1)) n
WHERE s.id = n.id;

DROP INDEX IF EXISTS steps_plan_order;
ALTER TABLE steps ADD CONSTRAINT steps_plan_order_unique UNIQUE (plan_id, step_order) DEFERRABLE INITIALLY DEFERRED;
