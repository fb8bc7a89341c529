#!/usr/bin/env bash
# Virtuoso Open Source 7 from Debian for the remote-store tests (tests start
# and stop their own server on loopback with a temporary database).
exec bash "$(dirname "$0")/debian.sh" virtuoso-t virtuoso-opensource
