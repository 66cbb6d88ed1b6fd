"""social-audit: checks staff posts against a school group's social media protocol."""

__version__ = "0.1.0"
