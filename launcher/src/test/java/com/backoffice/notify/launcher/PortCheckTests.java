package com.backoffice.notify.launcher;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

class PortCheckTests {

	@Test
	void namesTheServiceWhosePortIsTaken() throws IOException {
		assumeThat(PortCheck.takenPorts()).as("no local run on this machine").isEmpty();
		try (ServerSocket squatter = new ServerSocket()) {
			squatter.bind(new InetSocketAddress(PortCheck.SERVICES.get("notification-store")));

			assertThat(PortCheck.takenPorts()).containsExactly("port 8081 (notification-store) is in use");
		}
		assertThat(PortCheck.takenPorts()).isEmpty();
	}

}
