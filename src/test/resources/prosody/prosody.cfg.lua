-- Prosody XMPP Server Configuration
--
-- Information on configuring Prosody can be found on our
-- website at https://prosody.im/doc/configure
--
-- Tip: You can check that the syntax of this file is correct
-- when you have finished by running this command:
--     prosodyctl check config
-- If there are any errors, it will let you know what and where
-- they are, otherwise it will keep quiet.

---------- Server-wide settings ----------
-- Settings in this section apply to the whole server and are the default settings
-- for any virtual hosts

-- This is a (by default, empty) list of accounts that are admins
-- for the server. Note that you must create the accounts separately
-- (see https://prosody.im/doc/creating_accounts for info)
-- Example: admins = { "user@example.com", "user2@example.net" }
admins = { }

-- This is the list of modules Prosody will load on startup.
modules_enabled = {
	-- Generally required
		"disco"; -- Service discovery
		"roster"; -- Allow users to have a roster. Recommended ;)
		"saslauth"; -- Authentication for clients and servers. Recommended if you want to log in.
		"tls"; -- Add support for secure TLS on c2s/s2s connections

	-- Nice to have
		"version"; -- Replies to server version requests
		"uptime"; -- Report how long server has been running
		"ping"; -- Replies to XMPP pings with pongs
		--"motd"; -- Send a message to users when they log in
}

--[[ The component listener: these settings apply to every
     external component below. ]]
component_ports = { 5347, 5348 }
component_interface = "127.0.0.1"
component_stanza_size_limit = 262144
component_conflict_resolve = "kick_old"

-- Disable account creation by default, for security
allow_registration = false

c2s_require_encryption = true
s2s_secure_auth = false

pidfile = "/var/run/prosody/" .. "prosody.pid"

authentication = "internal_hashed"

log = {
	info = "prosody.log"; -- Change 'info' to 'debug' for verbose logging
	error = "prosody.err";
	-- "*syslog"; -- Uncomment this for logging to syslog
}

certificates = "certs"

----------- Virtual hosts -----------
VirtualHost "localhost"

--VirtualHost "example.com"
--	certificate = "/path/to/example.crt"

------ Components ------
-- You can specify components to add hosts that provide special services,
-- like multi-user conferences, and transports.

---Set up a MUC (multi-user chat) room server on conference.example.com:
Component "conference.localhost" "muc"
	modules_enabled = { "muc_mam" }

---Set up an external component (default component port is 5347)
Component "gateway.localhost"
	component_secret = "gateway-secret"

Component "bridge.localhost"
	component_secret = [[bridge-secret]]
	name = 'The bridge'

--Component "gateway.example.com"
--	component_secret = "password"

Include "conf.d/*.cfg.lua"
