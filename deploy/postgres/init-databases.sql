-- One database per authority service (engineering.md); the same names as deploy/local/postgres.sh.
CREATE DATABASE gba_gz;
CREATE DATABASE gba_hk;
CREATE DATABASE gba_mo;
