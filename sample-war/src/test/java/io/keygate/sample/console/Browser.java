package io.keygate.sample.console;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * One headless Chromium driven by the system's ChromeDriver (Debian's {@code chromium} and {@code chromium-driver}),
 * with a fresh profile in a temporary directory. The driver's path is given explicitly, so Selenium Manager never
 * runs (it would try to download a driver). The browser's console log is collected at every level: CSP violations
 * and script errors show there as SEVERE.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("it.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("it.chromedriver", "/usr/bin/chromedriver"));
    static final Duration WAIT = Duration.ofSeconds(10);

    /** Desktop and phone: the sizes the console must be readable at. */
    enum Size {
        DESKTOP(1280, 800, false), PHONE(390, 844, true);

        final int width;
        final int height;
        final boolean mobile;

        Size(int width, int height, boolean mobile) {
            this.width = width;
            this.height = height;
            this.mobile = mobile;
        }
    }

    final ChromeDriver driver;
    private final Path profile;

    /** Null when both programs are there, else the reason the browser tests cannot run. */
    static String missing() {
        if (!Files.isExecutable(CHROMIUM)) {
            return "Chromium is not installed at " + CHROMIUM + " (Debian package chromium)";
        }
        if (!Files.isExecutable(CHROMEDRIVER)) {
            return "ChromeDriver is not installed at " + CHROMEDRIVER + " (Debian package chromium-driver)";
        }
        return null;
    }

    Browser() {
        try {
            profile = Files.createTempDirectory("keygate-console-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--password-store=basic",
                "--user-data-dir=" + profile, "--window-size=1280,800");
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        size(Size.DESKTOP);
    }

    /** Emulates the viewport exactly (the window's own size would include whatever the headless shell adds). */
    void size(Size size) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", size.width,
                "height", size.height, "deviceScaleFactor", 1, "mobile", size.mobile));
    }

    /** Lets the page write to and read from the clipboard without a prompt (the copy button). */
    void grantClipboard(String origin) {
        driver.executeCdpCommand("Browser.grantPermissions", Map.of("origin", origin,
                "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
    }

    /** Forgets every cookie (from any page, about:blank too, so that no request of a loaded page races it). */
    void clearCookies() {
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    Object asyncJs(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Waits until an element matching css is displayed, and returns it. */
    WebElement visible(String css) {
        await("visible " + css).atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .ignoreExceptions()
                .until(() -> driver.findElements(By.cssSelector(css)).stream().anyMatch(WebElement::isDisplayed));
        return driver.findElements(By.cssSelector(css)).stream().filter(WebElement::isDisplayed).findFirst()
                .orElseThrow();
    }

    /** Waits until the text content of the first css match contains text. */
    void textAppears(String css, String text) {
        await("'" + text + "' in " + css).atMost(WAIT).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> driver.findElement(By.cssSelector(css)).getText().contains(text));
    }

    /** The browser log since the last call (the driver hands out each entry once). */
    List<LogEntry> log() {
        return driver.manage().logs().get(LogType.BROWSER).getAll();
    }

    void screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            } catch (IOException e) {
                // a temporary profile left behind is harmless
            }
        }
    }

}
