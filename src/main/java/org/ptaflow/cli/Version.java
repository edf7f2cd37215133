package org.ptaflow.cli;

import java.io.InputStream;
import java.util.Properties;

import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the project version Maven wrote into {@code version.properties} at build time. */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() throws Exception {
        return new String[] {"ptaflow " + version()};
    }

    static String version() throws java.io.IOException {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        }
        return p.getProperty("version", "(unknown version)");
    }
}
