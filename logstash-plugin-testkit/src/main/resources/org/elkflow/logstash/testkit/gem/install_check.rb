# Installs a plugin gem with RubyGems into a scratch GEM_HOME, then loads the plugin the way Logstash's plugin
# registry does: jar-dependencies' require_jar, then the Ruby stub's javaClass expression. Prints key=value
# lines for the Java side to assert on. Logstash's own Ruby classes (LogStash::Inputs::Base …) are not
# available here, so the stub's expression is evaluated rather than the stub itself.
require 'rubygems'
require 'rubygems/installer'

gem_file, gem_home = ARGV
installer = Gem::Installer.at(gem_file, install_dir: gem_home, ignore_dependencies: true,
                              document: [], wrappers: false, env_shebang: true, force: true)
spec = installer.install
puts "installed=#{spec.full_name}"
puts "logstash_plugin=#{spec.metadata['logstash_plugin']}"
puts "java_plugin=#{spec.metadata['java_plugin']}"
puts "logstash_group=#{spec.metadata['logstash_group']}"
jars = spec.matches_for_glob('**/*.jar')
puts "jars=#{jars.map { |j| j.sub(spec.full_gem_path + '/', '') }.join(',')}"

spec.require_paths.each { |p| $LOAD_PATH.unshift(File.join(spec.full_gem_path, p)) }
require 'jar_dependencies'
require "#{spec.name}_jars"

type = spec.metadata['logstash_group']
name = spec.name.split('-', 3)[2]
stub = File.read(File.join(spec.full_gem_path, 'lib', 'logstash', "#{type}s", "#{name}.rb"))
puts "config_name=#{stub[/config_name\s+"([^"]+)"/, 1]}"
expression = stub[/def self\.javaClass\(\)\s*(.*?);\s*end/, 1]
klass = eval(expression)
puts "java_class=#{klass.name}"
annotation = klass.getDeclaredAnnotation(Java::co.elastic.logstash.api.LogstashPlugin.java_class)
puts "plugin_name=#{annotation.nil? ? '' : annotation.name}"
