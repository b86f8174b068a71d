"""Crawls that run unattended: schedules kept in the archive (``schedules``), the scheduler
service that starts them as processes (``scheduler``), and handing them to Scrapyd (``scrapyd``)."""
