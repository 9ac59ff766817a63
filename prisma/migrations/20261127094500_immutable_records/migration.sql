-- Records that the decision trail cites are never changed once written: a decision, a
-- letter (a correction is a new letter naming the one it replaces) and a published
-- scorecard version (a change is a new version).
CREATE FUNCTION "refuse_change_to_record"() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% rows cannot be changed or deleted', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "Decision_immutable"
  BEFORE UPDATE OR DELETE ON "Decision"
  FOR EACH ROW EXECUTE FUNCTION "refuse_change_to_record"();

CREATE TRIGGER "Letter_immutable"
  BEFORE UPDATE OR DELETE ON "Letter"
  FOR EACH ROW EXECUTE FUNCTION "refuse_change_to_record"();

CREATE TRIGGER "ScorecardVersion_immutable"
  BEFORE UPDATE OR DELETE ON "ScorecardVersion"
  FOR EACH ROW EXECUTE FUNCTION "refuse_change_to_record"();
