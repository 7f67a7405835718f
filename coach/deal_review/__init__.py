"""The guided deal 复盘, without any interface: facts from the log, carry-over of the last
review's open actions, actions and lessons made from a finished review, their follow-up and
spaced schedule, and practice cases suggested from the causes.

Pure logic over records and loaded content; the Deal review, Actions and Home screens and the
CLI drive it. Never imports Textual.
"""
