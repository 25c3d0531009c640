#!/usr/bin/env bash
# Placeholder: the database work adds PostgreSQL and MariaDB here.
case "${1:-}" in start|stop|status) exit 0 ;; *) echo "usage: $0 start|stop|status" >&2; exit 2 ;; esac
