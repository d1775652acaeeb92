"""The test suite, laid out like src/gongshu_kpi/ (README "Where tests go"). Each folder is a
package so that two folders may hold test files of the same name."""
