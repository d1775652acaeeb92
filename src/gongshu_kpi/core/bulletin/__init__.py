"""The bulletin fact-check (成绩单核对): read a draft bulletin's stated figures, check each."""
