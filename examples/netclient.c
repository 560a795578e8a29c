/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * netclient -- send one line to a TCP service and print its answer, from
 * capability mode.
 *
 * Before cap_enter() the program starts casper and opens two services:
 * system.dns, limited to forward lookups (NAME2ADDR) of IPv4 addresses, and
 * system.net.  In capability mode it resolves host through system.dns, limits
 * system.net to connecting to exactly the addresses it got, connects through
 * it, sends message and a newline, and copies the answer to standard output
 * until the server closes the connection.
 *
 *	-o other	after the exchange, try to reach other on the same
 *			port: looking it up as IPv6 is refused by system.dns,
 *			connecting to its IPv4 address by system.net (both
 *			ENOTCAPABLE), and connect(2) itself by capability mode
 *			(ECAPMODE).  Each refusal is reported.
 *
 * Errors that may be ECAPMODE or ENOTCAPABLE are printed with cap_strerror(3):
 * glibc's strerror(3), and with it err(3) and warn(3), knows neither.
 */
#include <sys/capsicum.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <capsicum_helpers.h>
#include <casper/cap_dns.h>
#include <casper/cap_net.h>
#include <err.h>
#include <errno.h>
#include <libcasper.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static cap_channel_t *capdns, *capnet;

static void
usage(void)
{

	fprintf(stderr, "usage: netclient [-o other] host port message\n");
	exit(1);
}

/* The address of ai as text, for messages; no lookup. */
static const char *
addrstr(const struct addrinfo *ai)
{
	static char buf[INET_ADDRSTRLEN];
	const struct sockaddr_in *sin;

	sin = (const struct sockaddr_in *)(const void *)ai->ai_addr;
	if (inet_ntop(AF_INET, &sin->sin_addr, buf, sizeof(buf)) == NULL)
		return ("?");
	return (buf);
}

/* cap_getaddrinfo() under system.dns's limits; 0 or the error, reported. */
static int
lookup(const char *host, const char *port, int family, struct addrinfo **res)
{
	struct addrinfo hints;
	int error;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = family;
	hints.ai_socktype = SOCK_STREAM;
	error = cap_getaddrinfo(capdns, host, port, &hints, res);
	if (error != 0)
		warnx("%s: %s lookup: %s", host,
		    family == AF_INET6 ? "IPv6" : "IPv4",
		    error == EAI_SYSTEM ? cap_strerror(errno) :
		    gai_strerror(error));
	return (error);
}

static void
exchange(int s, const char *message)
{
	char buf[4096];
	size_t len;
	ssize_t n;

	len = strlen(message);
	if (write(s, message, len) != (ssize_t)len || write(s, "\n", 1) != 1)
		errx(1, "send: %s", cap_strerror(errno));
	if (shutdown(s, SHUT_WR) < 0)
		errx(1, "shutdown: %s", cap_strerror(errno));
	while ((n = read(s, buf, sizeof(buf))) > 0)
		if (fwrite(buf, 1, (size_t)n, stdout) != (size_t)n)
			errx(1, "stdout: %s", cap_strerror(errno));
	if (n < 0)
		errx(1, "receive: %s", cap_strerror(errno));
	if (fflush(stdout) == EOF)
		errx(1, "stdout: %s", cap_strerror(errno));
}

/* Try to reach other, which the limits leave out; 1 if it was refused. */
static int
try_other(const char *other, const char *port)
{
	struct addrinfo *res;
	int rval, s;

	rval = 0;
	if (lookup(other, port, AF_INET6, &res) == 0)
		freeaddrinfo(res);
	else
		rval = 1;
	if (lookup(other, port, AF_INET, &res) != 0)
		return (1);
	if ((s = socket(res->ai_family, res->ai_socktype,
	    res->ai_protocol)) < 0)
		errx(1, "socket: %s", cap_strerror(errno));
	if (cap_connect(capnet, s, res->ai_addr, res->ai_addrlen) < 0) {
		warnx("%s port %s: cap_connect: %s", addrstr(res), port,
		    cap_strerror(errno));
		rval = 1;
	} else
		warnx("%s port %s: cap_connect: connected", addrstr(res), port);
	close(s);
	if ((s = socket(res->ai_family, res->ai_socktype,
	    res->ai_protocol)) < 0)
		errx(1, "socket: %s", cap_strerror(errno));
	if (connect(s, res->ai_addr, res->ai_addrlen) < 0) {
		warnx("%s port %s: connect: %s", addrstr(res), port,
		    cap_strerror(errno));
		rval = 1;
	} else
		warnx("%s port %s: connect: connected", addrstr(res), port);
	close(s);
	freeaddrinfo(res);
	return (rval);
}

int
main(int argc, char *argv[])
{
	static const char *types[] = { "NAME2ADDR" };
	static const int families[] = { AF_INET };
	cap_channel_t *capcas;
	cap_net_limit_t *limit;
	struct addrinfo *ai, *res;
	const char *host, *other, *port;
	int ch, rval, s;

	other = NULL;
	while ((ch = getopt(argc, argv, "o:")) != -1)
		switch (ch) {
		case 'o':
			other = optarg;
			break;
		case '?':
		default:
			usage();
		}
	argc -= optind;
	argv += optind;
	if (argc != 3)
		usage();
	host = argv[0];
	port = argv[1];

	if ((capcas = cap_init()) == NULL)
		err(1, "unable to contact casper");
	if ((capdns = cap_service_open(capcas, "system.dns")) == NULL)
		err(1, "unable to open system.dns");
	if ((capnet = cap_service_open(capcas, "system.net")) == NULL)
		err(1, "unable to open system.net");
	cap_close(capcas);
	if (cap_dns_type_limit(capdns, types, 1) < 0)
		errx(1, "unable to limit system.dns to NAME2ADDR: %s",
		    cap_strerror(errno));
	if (cap_dns_family_limit(capdns, families, 1) < 0)
		errx(1, "unable to limit system.dns to AF_INET: %s",
		    cap_strerror(errno));
	if (caph_limit_stdio() < 0)
		errx(1, "unable to limit stdio: %s", cap_strerror(errno));
	if (caph_enter_casper() < 0)
		errx(1, "unable to enter capability mode: %s",
		    cap_strerror(errno));

	if (lookup(host, port, AF_INET, &res) != 0)
		exit(1);
	/* Narrow system.net to the addresses host has, before connecting. */
	if ((limit = cap_net_limit_init(capnet, CAPNET_CONNECT)) == NULL)
		errx(1, "cap_net_limit_init: %s", cap_strerror(errno));
	for (ai = res; ai != NULL; ai = ai->ai_next)
		cap_net_limit_connect(limit, ai->ai_addr, ai->ai_addrlen);
	if (cap_net_limit(limit) < 0)
		errx(1, "unable to limit system.net: %s", cap_strerror(errno));

	s = -1;
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if ((s = socket(ai->ai_family, ai->ai_socktype,
		    ai->ai_protocol)) < 0)
			errx(1, "socket: %s", cap_strerror(errno));
		if (cap_connect(capnet, s, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		warnx("%s port %s: %s", addrstr(ai), port, cap_strerror(errno));
		close(s);
		s = -1;
	}
	freeaddrinfo(res);
	if (s < 0)
		errx(1, "%s port %s: no connection", host, port);
	exchange(s, argv[2]);
	close(s);

	rval = other != NULL ? try_other(other, port) : 0;
	cap_close(capdns);
	cap_close(capnet);
	exit(rval);
}
