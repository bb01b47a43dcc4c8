/// The namespace of the rule-test runner and of coverage (issue 9).
public enum RuleTests {}
